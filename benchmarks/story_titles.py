"""Stories as a reader sees them: titles and key entities, on real articles.

    python benchmarks/story_titles.py              # 200 BASIL articles, twice: with and without their titles
    python benchmarks/story_titles.py --quick      # the first 45 articles of each (the CI floor's subset)
    python benchmarks/story_titles.py --write      # also write the sample's rows to story_titles.tsv for judging
    python benchmarks/story_titles.py --keep /tmp/t  # keep the stores there (scored, not rebuilt, when there)

Each store is built through the real pipeline (ingest -> read -> stories -> entities),
from the first BASIL articles in date order: once with the headlines the data gives
(`titled`), once without them (`leads`: every title must come from a lead sentence, as
on pages whose headline the reader could not find). Scored over every story:

- `title_whole`: the title is the headline of one of the story's articles, whole, or its
  body's first line (a heading of at most 20 words, or a line spaCy finds one sentence), or
  its body up to the end of one of its first five sentences as the reading stage (spaCy)
  segments them; a "sentence" of three words or fewer is taken for a dateline
  ("WASHINGTON --") and ends nothing. spaCy seldom splits at "N.C." or "Gov.", so a title
  cut there is not whole; it is a check independent of the splitter it measures.
- `key_canonical`: the share of key entities that are the canonical name of an entity
  the story's articles mention.

A fixed sample of stories (seed 11) is judged by hand in story_titles.tsv: a title is
`ok` when it is a whole headline or lead sentence that says what the story is about; the
key entities are counted good when each is a right, whole name of someone or something
the story is about. Rows whose title or key entities changed since they were judged are
listed as unjudged and left out of the hand figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from labelled import data_dir  # noqa: E402
from stories import basil  # noqa: E402
from storyline import registry  # noqa: E402
from storyline.ingest.pipeline import ingest  # noqa: E402
from storyline.service.stories import stories  # noqa: E402
from storyline.store.sqlite import Store  # noqa: E402

TSV = ROOT / "benchmarks" / "story_titles.tsv"
FULL, QUICK = 200, 45
SAMPLE, SEED = 15, 11
HEADING_WORDS = 20
DATELINE_WORDS = 3
COLUMNS = ["dataset", "story", "title", "title_verdict", "key_entities", "key_good", "reason"]

Row = dict[str, object]


# the articles of each story (its events' articles)
MEMBERS = "(SELECT se.story_id, ea.article_id FROM event_articles ea JOIN story_events se USING (event_id)) sa"


def records(data: Path, n: int, titled: bool) -> list[dict[str, object]]:
    out = []
    for _, _, record in basil(data)[:n]:
        out.append(record if titled else {k: v for k, v in record.items() if k != "title"})
    return out


def measure(docs: list[dict[str, object]], jobs: int, keep: Path | None = None) -> list[Row]:
    """Every story of a fresh store built from these records: its title, key entities and checks.

    With `keep`, the store is built there (and left for a look), or only scored if it is there."""
    with tempfile.TemporaryDirectory(prefix="storyline-titles-") as tmp:
        folder = keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        built = (folder / "bench.db").exists()
        path = folder / "in.jsonl"
        if not built:
            with path.open("w", encoding="utf-8") as out:
                for n, record in enumerate(docs):
                    out.write(json.dumps(record | {"url": f"https://bench.example/{n}"}) + "\n")
        with Store(folder / "bench.db") as store:
            if not built:
                ingest([str(path)], store, jobs=jobs)
                registry.update(store, jobs=jobs)
            db = store.db
            spans: dict[tuple[int, str], list[tuple[int, int]]] = {}
            bodies: dict[str, tuple[str | None, str]] = {}
            for sid, aid, title, body, start, end in db.execute(
                f'SELECT sa.story_id, a.id, a.title, a.body, s.start, s."end" FROM {MEMBERS} '
                "JOIN articles a ON a.id = sa.article_id LEFT JOIN sentences s ON s.article_id = a.id AND s.idx < 5"
            ):
                bodies[aid] = (title, body)
                spans.setdefault((sid, aid), []).extend([(start, end)] if start is not None else [])
            whole: dict[int, set[str]] = {}  # per story, the titles that count as whole
            for (sid, aid), sentences in spans.items():
                whole.setdefault(sid, set()).update(whole_titles(*bodies[aid], sentences))
            canonical: dict[int, set[str]] = {}
            for sid, name in db.execute(
                f"SELECT DISTINCT sa.story_id, e.name FROM {MEMBERS} "
                "JOIN entity_articles ea ON ea.article_id = sa.article_id JOIN entities e ON e.id = ea.entity_id"
            ):
                canonical.setdefault(sid, set()).add(name)
            rows: list[Row] = []
            for view in stories(store):
                title = " ".join((view.title or "").split())
                names = canonical.get(view.id, set())
                rows.append(
                    {
                        "story": view.id,
                        "title": title,
                        "whole": title in whole.get(view.id, set()),
                        "key_entities": list(view.key_entities),
                        "canonical": sum(k in names for k in view.key_entities),
                    }
                )
            return rows


def whole_titles(title: str | None, body: str, sentences: list[tuple[int, int]]) -> set[str]:
    """What counts as a whole title of this article: its headline; its body's first line where
    spaCy finds no sentence end inside it (or it is as short as a heading); its body up to
    the end of one of its first sentences (the closing quotes after it included)."""
    forms = {" ".join(title.split())} if title else set()
    line = body.split("\n", 1)[0]
    ends = []
    for start, end in sentences:
        if len(body[start:end].split()) <= DATELINE_WORDS:
            continue  # spaCy's "sentence" of a dateline ("WASHINGTON --") ends no title
        if start >= len(line):
            continue
        for cut in (start, min(end, len(line))):  # a sentence spanning the line's end ends with it
            while 0 < cut < len(line) and line[cut] in "\"'”’":
                cut += 1
            if cut > 0:
                ends.append(cut)
    if len(line.split()) <= HEADING_WORDS or not [e for e in ends if e < len(line.rstrip()) - 1]:
        forms.add(" ".join(line.split()))
    forms.update(" ".join(body[:cut].split()) for cut in ends)
    return forms


def scores(rows: list[Row]) -> dict[str, float]:
    keys = sum(len(r["key_entities"]) for r in rows)  # type: ignore[arg-type,misc]
    return {
        "stories": float(len(rows)),
        "title_whole": sum(bool(r["whole"]) for r in rows) / len(rows) if rows else 0.0,
        "key_canonical": sum(int(r["canonical"]) for r in rows) / keys if keys else 0.0,  # type: ignore[call-overload]
    }


def sample(rows: list[Row]) -> list[Row]:
    ids = sorted(int(r["story"]) for r in rows)  # type: ignore[call-overload]
    chosen = set(random.Random(SEED).sample(ids, min(SAMPLE, len(ids))))
    return [r for r in rows if r["story"] in chosen]


def judged() -> dict[tuple[str, str], dict[str, str]]:
    if not TSV.exists():
        return {}
    with TSV.open(encoding="utf-8", newline="") as handle:
        return {(r["dataset"], r["story"]): r for r in csv.DictReader(handle, delimiter="\t")}


def hand_scores(name: str, rows: list[Row], verdicts: dict[tuple[str, str], dict[str, str]]) -> dict[str, object]:
    """The hand verdicts of the sampled rows whose title and key entities are still as judged."""
    ok = good = keys = n = 0
    unjudged = []
    for r in sample(rows):
        v = verdicts.get((name, str(r["story"])))
        if (
            not v
            or not v["title_verdict"]
            or v["title"] != r["title"]
            or v["key_entities"] != "; ".join(r["key_entities"])
        ):  # type: ignore[arg-type]
            unjudged.append(r["story"])
            continue
        n += 1
        ok += v["title_verdict"] == "ok"
        good += int(v["key_good"])
        keys += len(r["key_entities"])  # type: ignore[arg-type]
    return {
        "judged": n,
        "title_ok": ok / n if n else 0.0,
        "key_good": good / keys if keys else 0.0,
        "unjudged": unjudged,
    }


def quick_metrics() -> dict[str, float]:
    """The CI floor's subset: the first 45 BASIL articles, titled and as leads (worst of the two)."""
    data = data_dir()
    if data is None or not (data / "basil").is_dir():
        return {}
    found = [scores(measure(records(data, QUICK, titled), jobs=1)) for titled in (True, False)]
    return {
        "title_whole": min(f["title_whole"] for f in found),
        "key_canonical": min(f["key_canonical"] for f in found),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help=f"the first {QUICK} articles, not {FULL}")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="build the stores in this folder and keep them; score them if there")
    parser.add_argument(
        "--write", action="store_true", help="write the sample's rows to story_titles.tsv (verdicts kept)"
    )
    args = parser.parse_args(argv)
    data = data_dir()
    if data is None:
        print("skipped: no labelled data (../shared/data or $STORYLINE_DATA)")
        return 0
    n = QUICK if args.quick else FULL
    verdicts = judged()
    out: list[dict[str, object]] = []
    for titled in (True, False):
        name = f"BASIL {n} {'titled' if titled else 'leads'}"
        keep = args.keep / name.replace(" ", "-") if args.keep else None
        rows = measure(records(data, n, titled), args.jobs, keep)
        found = scores(rows)
        hand = hand_scores(name, rows, verdicts)
        print(
            f"{name:22} stories {found['stories']:.0f}  title_whole {found['title_whole']:.3f}  "
            f"key_canonical {found['key_canonical']:.3f}  | hand ({hand['judged']} judged): "
            f"title_ok {hand['title_ok']:.3f}  key_good {hand['key_good']:.3f}  unjudged {hand['unjudged']}"
        )
        for r in sample(rows):
            v = verdicts.get((name, str(r["story"])), {})
            same = v.get("title") == r["title"] and v.get("key_entities") == "; ".join(r["key_entities"])  # type: ignore[arg-type]
            out.append(
                {
                    "dataset": name,
                    "story": r["story"],
                    "title": r["title"],
                    "title_verdict": v.get("title_verdict", "") if same else "",
                    "key_entities": "; ".join(r["key_entities"]),  # type: ignore[arg-type]
                    "key_good": v.get("key_good", "") if same else "",
                    "reason": v.get("reason", "") if same else "",
                }
            )
    if args.write:
        kept = [row for key, row in verdicts.items() if key[0] not in {str(o["dataset"]) for o in out}]
        with TSV.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n")
            writer.writeheader()
            writer.writerows([*kept, *out])
    return 0


if __name__ == "__main__":
    sys.exit(main())
