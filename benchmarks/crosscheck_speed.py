"""What the cross-source stages (timeline, claims) cost, beside the whole ingest of the same texts.

    python benchmarks/crosscheck_speed.py [--articles 2000] [--jobs 2]

Timeline17 articles (tls-t17, read in place) are written as one JSONL file and ingested into a
fresh store through the whole pipeline (`ingest_and_update`, every stage), timed per stage. Then,
on that store: each cross-source stage rebuilt from nothing (`redo`), the whole-store timeline
read (`storyline timeline`), and the brief of its largest story, five times each (median, p95).
The reference is the rest of the same run: the ingest and the earlier stages on the same texts.

Targets (issue 13): the new stages add under 20% to the whole ingest time; a brief of a 500-article
story under 2 s; the timeline of the whole store of 4,650 articles under 60 s on two cores.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from labelled import data_dir
from stories import timeline17

NEW = ("timeline", "claims")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000, help="Timeline17 articles (0: all 4,650)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    data = data_dir()
    if data is None or not (data / "tls-t17").is_dir():
        print("crosscheck_speed: skipped (no ../shared/data/tls-t17)")
        return 0

    from storyline import registry
    from storyline.service import brief, pipeline, stories, timeline
    from storyline.store.sqlite import Store

    docs = timeline17(data, args.articles or None)
    work = Path(tempfile.mkdtemp(prefix="crosscheck-speed-"))
    jsonl = work / "in.jsonl"
    with jsonl.open("w", encoding="utf-8") as f:
        for topic, _, d in docs:
            f.write(json.dumps({"text": d["text"], "published": d["published"], "outlet": topic}) + "\n")
    store = Store(work / "s.db")
    t0 = time.perf_counter()
    result = pipeline.ingest_and_update([str(jsonl)], store, jobs=args.jobs)
    total = time.perf_counter() - t0
    timings = dict(result.update.seconds)
    new = sum(timings.get(n, 0.0) for n in NEW)

    def repeat(fn: object, n: int = 5) -> tuple[float, float]:
        seconds = []
        for _ in range(n):
            t = time.perf_counter()
            fn()  # type: ignore[operator]
            seconds.append(time.perf_counter() - t)
        return statistics.median(seconds), max(seconds)

    tl_median, tl_max = repeat(lambda: timeline.timeline(store))
    largest = max(stories.stories(store), key=lambda s: len(s.articles))
    br_median, br_max = repeat(lambda: brief.brief(store, largest.id))
    rebuild: dict[str, float] = {}
    for name in NEW:
        t = time.perf_counter()
        registry.run_one(store, name, jobs=args.jobs, redo=True)
        rebuild[name] = time.perf_counter() - t

    n = store.articles.count()
    print(f"\nCross-source stages on {n} Timeline17 articles ({args.jobs} jobs)\n")
    print(f"{'step':44} {'seconds':>9} {'share':>7}")
    for name, seconds in sorted(timings.items(), key=lambda kv: -kv[1]):
        print(f"{'stage ' + name:44} {seconds:9.1f} {seconds / total:7.1%}")
    print(f"{'reading + writing the inputs':44} {total - sum(timings.values()):9.1f}")
    print(f"{'whole ingest (reference: same texts, same run)':44} {total:9.1f} {1:7.0%}")
    print(f"{'new stages (timeline + claims)':44} {new:9.1f} {new / total:7.1%}   target < 20%")
    for name, seconds in rebuild.items():
        print(f"{'rebuild ' + name + ' from nothing':44} {seconds:9.1f}")
    print(f"{'read whole-store timeline (median / max)':44} {tl_median:9.2f} / {tl_max:.2f}")
    size = len(largest.articles)
    print(f"{f'brief of the largest story ({size} articles)':44} {br_median:9.2f} / {br_max:.2f}   target < 2 s")
    print(f"{'articles/s, whole ingest':44} {n / total:9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
