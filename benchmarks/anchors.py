"""Dating articles that print no date, against articles whose date is known and then hidden.

    python benchmarks/anchors.py                 # BASIL (100 events x 3 outlets) and a Timeline17 sample
    python benchmarks/anchors.py --only basil
    python benchmarks/anchors.py --t17 600 --hide 0.2

Nothing in the data is undated, so the benchmark makes it so: it hides the date of
some articles and streams all through the real pipeline (ingest -> read -> stories
-> entities -> anchors) into a fresh store, then compares each hidden article's
inferred day (`date_anchors.day`) with its true date:

- **BASIL**: in each event the article of one outlet (rotating nyt, fox, hpo) is
  hidden, so each hidden article has two dated reports of the same event beside it.
- **Timeline17**: a sample of articles from 9 long-running topics, a share of them
  hidden at random: dated neighbours are near in time but not always about the same
  events.

Hidden articles whose text prints their date (a dateline) are dated by ingest and
left out (`printed`). Scores: `weekday` (step 1: the share of hidden articles with a
weekday of their own where it is the true one), `dated` (share of the hidden given a
day), `exact` (share of the dated ones on the true day), `within 1` (a day off either way: outlets date a story
filed near midnight differently), and `wrong` (dated, more than a day off). The
anchor stage's own time is printed, apart from the reading.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import labelled as bench
from stories import basil, timeline17
from storyline import registry
from storyline.ingest.pipeline import ingest
from storyline.store.sqlite import Store

Record = dict[str, object]
OUTLETS = ("nyt", "fox", "hpo")


def basil_hidden(data: Path) -> list[tuple[Record, str | None]]:
    """(record fed to the pipeline, its hidden true date or None) per article, in date order."""
    lines = [json.loads(line) for line in (data / "basil" / "basil_articles.jsonl").open(encoding="utf-8")]
    events = sorted({d["event_id"] for d in lines})
    hide = {event: OUTLETS[n % 3] for n, event in enumerate(events)}
    by_text = {d["text"]: d for d in lines}
    out: list[tuple[Record, str | None]] = []
    for _, _, record in basil(data):
        d = by_text[str(record["text"])]
        if d["source"].lower() == hide[d["event_id"]]:
            out.append(({k: v for k, v in record.items() if k != "published"}, str(record["published"])))
        else:
            out.append((record, None))
    return out


def t17_hidden(data: Path, n: int, share: float) -> list[tuple[Record, str | None]]:
    rng = random.Random(11)
    out: list[tuple[Record, str | None]] = []
    for _, _, record in timeline17(data, n):
        if rng.random() < share:
            out.append(({k: v for k, v in record.items() if k != "published"}, str(record["published"])))
        else:
            out.append((record, None))
    return out


def evaluate(name: str, docs: list[tuple[Record, str | None]], jobs: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="storyline-anchors-") as tmp:
        path = Path(tmp) / "in.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for n, (record, _) in enumerate(docs):
                out.write(json.dumps(record | {"url": f"https://bench.example/{n}"}) + "\n")
        with Store(Path(tmp) / "bench.db") as store:
            ingest([str(path)], store, jobs=jobs)
            registry.update(store, jobs=jobs)
            store.db.execute("DELETE FROM date_anchors")  # time the anchor stage alone, from scratch
            started = time.perf_counter()
            registry.run_one(store, "anchors")
            seconds = time.perf_counter() - started
            days, weekdays = {}, {}
            for url, day, weekday in store.db.execute(
                "SELECT a.url, d.day, d.weekday FROM date_anchors d JOIN articles a ON a.id = d.article_id"
            ):
                days[url], weekdays[url] = day, weekday
            printed = dict(
                store.db.execute("SELECT url, published FROM articles WHERE published_precision = 'day'").fetchall()
            )
    every = [(f"https://bench.example/{n}", truth) for n, (_, truth) in enumerate(docs) if truth]
    # a hidden article whose text prints its date (a dateline, "Jan. 2, 2019") was never undated
    hidden = [(url, truth) for url, truth in every if url not in printed]
    dated = [(days[url], truth) for url, truth in hidden if days.get(url)]
    own = [(weekdays[url], truth) for url, truth in hidden if weekdays.get(url)]
    off = [abs((date.fromisoformat(day) - date.fromisoformat(truth)).days) for day, truth in dated]
    return {
        "dataset": name,
        "articles": len(docs),
        "hidden": len(hidden),
        "printed": len(every) - len(hidden),
        "weekday": sum(w == date.fromisoformat(t).isoweekday() for w, t in own) / len(own) if own else 0.0,
        "dated": len(dated) / len(hidden) if hidden else 0.0,
        "exact": sum(d == 0 for d in off) / len(off) if off else 0.0,
        "within 1": sum(d <= 1 for d in off) / len(off) if off else 0.0,
        "wrong": sum(d > 1 for d in off) / len(off) if off else 0.0,
        "stage s": seconds,
    }


QUICK = 120  # BASIL articles in the CI subset: the first in date order, about 40 events


def quick_metrics() -> dict[str, float]:
    """The CI floor's subset: the first BASIL events in date order, one article of each hidden."""
    data = bench.data_dir()
    if data is None or not (data / "basil").is_dir():
        return {}
    row = evaluate("BASIL quick", basil_hidden(data)[:QUICK], jobs=1)
    return {"dated": float(row["dated"]), "within_1": float(row["within 1"])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["basil", "t17"])
    parser.add_argument("--t17", type=int, default=600, help="Timeline17 articles in the sample")
    parser.add_argument("--hide", type=float, default=0.2, help="share of Timeline17 articles whose date is hidden")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    data = bench.data_dir()
    if data is None:
        print("skipped: no labelled data (../shared/data or $STORYLINE_DATA)")
        return 0
    rows = []
    if args.only in (None, "basil") and (data / "basil").is_dir():
        rows.append(evaluate("BASIL (1 of 3 hidden)", basil_hidden(data), args.jobs))
    if args.only in (None, "t17") and (data / "tls-t17").is_dir():
        rows.append(
            evaluate(f"T17 ({args.t17}, {args.hide:.0%} hidden)", t17_hidden(data, args.t17, args.hide), args.jobs)
        )
    print(
        f"{'dataset':28} {'articles':>8} {'printed':>7} {'hidden':>6} {'weekday':>7} {'dated':>6} {'exact':>6} "
        f"{'within 1':>8} {'wrong':>6} {'stage s':>8}"
    )
    for r in rows:
        print(
            f"{r['dataset']:28} {r['articles']:>8} {r['printed']:>7} {r['hidden']:>6} {r['weekday']:>7.3f} "
            f"{r['dated']:>6.3f} "
            f"{r['exact']:>6.3f} {r['within 1']:>8.3f} {r['wrong']:>6.3f} {r['stage s']:>8.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
