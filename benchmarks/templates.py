"""An outlet's templates (boilerplate paragraphs, title suffixes) on real articles made to look like one site.

    python benchmarks/templates.py             # calibration, real-data templates, the synthetic outlet
    python benchmarks/templates.py --quick     # smaller (under two minutes)
    python benchmarks/templates.py --seen-in 3 # another number of different carriers that makes a template

What is measured:

1. **Calibration** of `analyze.signals.templates.different`: the containment of the content words of
   one article in another's (the test that tells "two texts sharing a paragraph" from "one text copied"),
   on copies made from real articles as benchmarks/copies.py makes them (syndicated, spun at 10/20/30%:
   these must be the same text, >= SAME_TEXT) and on pairs that are different texts (BASIL reports of one
   event, Timeline17 articles of one topic, unrelated: < SAME_TEXT).
2. **Templates found in real articles** that carry none on purpose: BASIL, ECB+ and a Timeline17 sample
   put under one outlet (as benchmarks/stories.py does, every URL on one site), so any paragraph two
   different articles share becomes a template. Printed with their carriers, to judge by eye.
3. **A synthetic outlet** (the shape of issue 12's stream): BASIL events (3 reports each, the gold) under
   one site, bodies cut to their first 800-2,000 characters at a paragraph end, three boilerplate
   paragraphs (a background, a promo, an appeal) each added to half the articles, titles given site
   suffixes and sections ("| World | dailyexample.com", "- Politics - The Daily Example"). Through the
   real pipeline, in one ingest or in `--batches` ingests one after the other (the online case). Scores:
   false copy links (between reports of different events), event and story pairwise and B-cubed F1
   against the BASIL events, the share of stored titles equal to the headline. The same articles without boilerplate and
   suffixes ("clean") give the ceiling. Run it under another checkout (PYTHONPATH) to compare code.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.append(str(ROOT / "src"))  # after PYTHONPATH: another checkout's code can be measured on this script
# first: the package is found where PYTHONPATH says, before copies.py puts this checkout's src first
import storyline  # noqa: E402, F401

# isort: split
import copies as copies_bench  # noqa: E402
import stories as stories_bench  # noqa: E402
from labelled import data_dir  # noqa: E402
from storyline import registry  # noqa: E402
from storyline.ingest.pipeline import ingest  # noqa: E402
from storyline.store.sqlite import Store  # noqa: E402
from storyline.text import content_words  # noqa: E402

SEED = 1207
SITE = "dailyexample.com"
BOILERPLATE = (
    "The Daily Example was founded in Springfield in 1952 by Margaret Hale and Thomas Reed, and today keeps "
    "correspondents in 12 capitals, from Washington and London to Nairobi, New Delhi and Buenos Aires. Its "
    "reporters have won the Hale Prize 4 times since 1998, and its newsroom of 340 journalists publishes around "
    "200 stories a day, in print, online and in the Example News app, which 2.5 million readers use each month.",
    "Subscribe to the Daily Example morning briefing for the stories that matter, delivered to your inbox "
    "before breakfast every weekday, and follow us on every platform you use.",
    "Independent journalism needs your support: every contribution, however big or small, keeps our "
    "reporters in the field and our site free for everyone to read.",
)
SECTIONS = ("World", "Politics", "US", "Business", "News")


def _try_templates() -> object | None:
    try:
        from storyline.analyze.signals import templates
    except ImportError:  # a checkout without templates: the synthetic outlet still runs
        return None
    return templates


# --- 1. calibration -------------------------------------------------------------------------------------


def _containment(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def calibrate(data: Path, quick: bool) -> None:
    templates = _try_templates()
    threshold = getattr(templates, "SAME_TEXT", 0.5)
    table = copies_bench.load_synonyms(copies_bench.SYNONYMS)
    events = 10 if quick else 50
    originals = copies_bench.basil(data, events)
    t17, _ = copies_bench.timeline17(data, 30 if quick else 150, originals)
    originals += t17

    def bag(paragraphs: list[str]) -> set[str]:
        return set(content_words(" ".join(paragraphs)))

    groups: dict[str, list[float]] = defaultdict(list)
    for o in originals:
        rng = random.Random(f"{SEED}:{o.key}")
        mine = bag(o.paragraphs)
        _, text = copies_bench.syndicated_copy(o, table, rng)
        groups["syndicated"].append(_containment(mine, bag(text.split("\n\n"))))
        for kind, rate in copies_bench.RATES.items():
            _, text, _, _ = copies_bench.paraphrase_copy(o, rate, table, rng)
            groups[f"paraphrase {kind[4:]}%"].append(_containment(mine, bag(text.split("\n\n"))))
    rng = random.Random(SEED)
    for a, b in combinations(originals, 2):
        if a.corpus == b.corpus == "basil" and a.group == b.group:
            groups["BASIL same event"].append(_containment(bag(a.paragraphs), bag(b.paragraphs)))
        elif a.corpus == b.corpus == "t17" and a.group == b.group:
            if rng.random() < 0.2:
                groups["T17 same topic"].append(_containment(bag(a.paragraphs), bag(b.paragraphs)))
        elif rng.random() < 0.02:
            groups["unrelated"].append(_containment(bag(a.paragraphs), bag(b.paragraphs)))
    print(f"1. Content-word containment between two articles (different below SAME_TEXT = {threshold})")
    print(f"  {'pairs':<20}{'n':>5}" + "".join(f"{'p' + str(q):>7}" for q in (0, 1, 5, 50, 95, 99, 100)))
    for name, values in groups.items():
        values.sort()
        cells = "".join(f"{_quantile(values, q):>7.3f}" for q in (0, 1, 5, 50, 95, 99, 100))
        print(f"  {name:<20}{len(values):>5}{cells}")
    same = [v for k, vs in groups.items() if k.startswith(("synd", "para")) for v in vs]
    other = [v for k, vs in groups.items() if not k.startswith(("synd", "para")) for v in vs]
    print(
        f"  copies under the threshold (would count twice): {sum(v < threshold for v in same)}/{len(same)}; "
        f"different texts at or over it (would count once): {sum(v >= threshold for v in other)}/{len(other)}"
    )


def _quantile(values: list[float], q: int) -> float:
    return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))] if values else float("nan")


# --- 2. templates in real articles -------------------------------------------------------------------------


def real_templates(data: Path, quick: bool, jobs: int) -> None:
    templates = _try_templates()
    if templates is None:
        print("2. skipped: this checkout has no analyze.signals.templates")
        return
    docs = stories_bench.basil(data) + stories_bench.ecbplus(data, "test")
    docs += stories_bench.timeline17(data, 400 if quick else 1600)
    with tempfile.TemporaryDirectory(prefix="storyline-templates-") as tmp:
        path = Path(tmp) / "in.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for n, (_, _, record) in enumerate(docs):
                out.write(json.dumps(record | {"url": f"https://bench.example/{n}"}) + "\n")
        with Store(Path(tmp) / "s.db") as store:
            ingest([str(path)], store, jobs=jobs)
            started = time.perf_counter()
            report = registry.run_one(store, "features", jobs=jobs)
            seconds = time.perf_counter() - started
            found = store.db.execute(
                "SELECT hash, COUNT(*) FROM outlet_paragraphs GROUP BY outlet, hash HAVING COUNT(*) > 1"
            ).fetchall()
            finder = templates.Templates(store)  # type: ignore[attr-defined]
            decided = [(h, n) for h, n in found if finder._decide("bench.example", h)]
            print(
                f"2. Real articles under one site: {len(docs)} articles, {len(found)} paragraphs carried by 2+, "
                f"{len(decided)} decided templates (SEEN_IN {templates.SEEN_IN}, "  # type: ignore[attr-defined]
                f"{report.get('templated', 0)} articles with one left out); features stage {seconds:.1f} s"
            )
            for h, n in sorted(decided, key=lambda d: -d[1])[:12]:
                ids = store.features.paragraph_carrier_ids("bench.example", h, 3)
                article = store.articles.get(ids[0])
                assert article is not None
                text = next(
                    article.paragraph_text(i)
                    for i in range(len(article.paragraphs))
                    if templates.paragraph_hash(article.paragraph_text(i)) == h  # type: ignore[attr-defined]
                )
                print(f"  {n:>3} articles: {text[:110]}")


# --- 3. the synthetic outlet --------------------------------------------------------------------------------


def outlet_stream(data: Path, events: int, dressed: bool) -> list[tuple[str, dict[str, object]]]:
    """(gold event, JSONL record) in date order: BASIL reports cut to openings, under one site."""
    docs = stories_bench.basil(data)
    chosen = sorted({d[0] for d in docs})
    random.Random(SEED).shuffle(chosen)
    keep = set(chosen[:events])
    stream = []
    for n, (event, _, record) in enumerate(d for d in docs if d[0] in keep):
        rng = random.Random(f"{SEED}:{n}")
        paragraphs = [p.strip() for p in str(record["text"]).split("\n") if p.strip()]
        limit, body = rng.randint(300, 2000), []
        for p in paragraphs:
            body.append(p)
            if sum(len(b) for b in body) >= limit:
                break
        title = str(record.get("title") or "").split(" | ")[0]
        if dressed:
            for template in BOILERPLATE:
                if rng.random() < 0.5:
                    body.insert(rng.choice([1, len(body)]), template)
            section = rng.choice(SECTIONS)
            title = rng.choice([f"{title} | {section} | {SITE}", f"{title} - {section} - The Daily Example"])
        out = {"text": "\n\n".join(body), "title": title, "published": record["published"]}
        stream.append((event, out | {"url": f"https://{SITE}/{n}", "headline": str(record.get("title") or "")}))
    return stream


def run_outlet(stream: list[tuple[str, dict[str, object]]], batches: int, jobs: int) -> dict[str, float]:
    gold = {str(r["url"]): e for e, r in stream}
    headlines = {str(r["url"]): str(r.pop("headline")).split(" | ")[0] for _, r in stream}
    with tempfile.TemporaryDirectory(prefix="storyline-outlet-") as tmp, Store(Path(tmp) / "s.db") as store:
        size = -(-len(stream) // batches)
        for b in range(batches):
            path = Path(tmp) / f"in{b}.jsonl"
            with path.open("w", encoding="utf-8") as out:
                for _, record in stream[b * size : (b + 1) * size]:
                    out.write(json.dumps(record) + "\n")
            ingest([str(path)], store, jobs=jobs)
            registry.update(store, jobs=jobs, read=False)
        url_of = dict(store.db.execute("SELECT id, url FROM articles").fetchall())
        titles = dict(store.db.execute("SELECT url, title FROM articles").fetchall())
        links = store.db.execute("SELECT article_id, original_id FROM copies").fetchall()
        event = {url: store.stories.event_of(a) for a, url in url_of.items()}
        story = {url: store.stories.story_of(a) for a, url in url_of.items()}
    urls = [str(r["url"]) for _, r in stream]
    labels = [gold[u] for u in urls]
    row: dict[str, float] = {"articles": len(urls), "links": len(links)}
    row["false_links"] = sum(1 for a, o in links if gold[url_of[a]] != gold[url_of[o]])
    for level, placed in (("event", event), ("story", story)):
        predicted = [placed.get(u) or -n - 1 for n, u in enumerate(urls)]
        row[f"{level}_groups"] = len(set(predicted))
        row[f"{level}_pair_f1"] = stories_bench.pairwise(labels, predicted)[2]
        row[f"{level}_b3_f1"] = stories_bench.bcubed(labels, predicted)[2]
    row["titles"] = sum(titles.get(u) == headlines[u] for u in urls) / len(urls)
    return row


def synthetic(data: Path, quick: bool, batches: list[int], jobs: int) -> None:
    events = 20 if quick else 60
    print(f"3. A synthetic outlet: {events} BASIL events x 3 reports under {SITE}, openings of 300-2,000 characters")
    header = f"  {'variant':<36}{'articles':>9}{'links':>7}{'false':>7}{'events':>8}{'pair F1':>9}{'B3 F1':>7}"
    print(header + f"{'stories':>9}{'pair F1':>9}{'B3 F1':>7}{'titles':>8}")
    for dressed in (False, True):
        for n in batches:
            row = run_outlet(outlet_stream(data, events, dressed), n, jobs)
            name = f"{'boilerplate + suffixes' if dressed else 'clean'}, {n} ingest{'s' if n > 1 else ''}"
            print(
                f"  {name:<36}{row['articles']:>9}{row['links']:>7}{row['false_links']:>7}{row['event_groups']:>8}"
                f"{row['event_pair_f1']:>9.3f}{row['event_b3_f1']:>7.3f}{row['story_groups']:>9}"
                f"{row['story_pair_f1']:>9.3f}{row['story_b3_f1']:>7.3f}{row['titles']:>8.2f}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seen-in", type=int, help="different carriers that make a paragraph a template")
    parser.add_argument(
        "--batches", type=int, nargs="*", default=[1, 12], help="ingests the synthetic stream is cut in"
    )
    parser.add_argument("--only", choices=["calibration", "real", "synthetic"])
    args = parser.parse_args()
    data = data_dir()
    if data is None:
        print("skipped: labelled data not found (../shared/data or $STORYLINE_DATA)")
        return 0
    templates = _try_templates()
    if args.seen_in and templates is not None:
        templates.SEEN_IN = args.seen_in  # type: ignore[attr-defined]
    if args.only in (None, "calibration"):
        calibrate(data, args.quick)
    if args.only in (None, "real"):
        real_templates(data, args.quick, args.jobs)
    if args.only in (None, "synthetic"):
        synthetic(data, args.quick, args.batches, args.jobs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
