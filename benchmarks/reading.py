"""Speed of the per-article reading (spaCy + actors, roles, dates, quotes) on real news.

    python benchmarks/reading.py                 # 400 Timeline17 articles, jobs 1 and 2
    python benchmarks/reading.py --n 200 --jobs 2
    python benchmarks/reading.py --profile       # where one process spends its time

The articles are Timeline17 texts (real news, 2009-2013), cut to whole paragraphs near
600 words, the size the issue's target assumes. Each run ingests them into a fresh store
(not timed) and times `registry.run_one(store, "reading", jobs=N)` over them: the reading
pass alone (the lexical features are computed first, outside the timed part), workers
forked from a forkserver that loaded the model once. Peak RSS is read from /proc for
this process and for each worker.

`--profile` runs `reading.read` in this process over the articles in chunks of 16 under
cProfile and splits the time into spaCy's pipeline and Storyline's own code
(actors, roles, quotes, dates).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import stories as bench  # noqa: E402
from storyline import registry  # noqa: E402
from storyline.ingest.pipeline import ingest  # noqa: E402
from storyline.store.sqlite import Store  # noqa: E402

TARGET = 15.0  # articles/s on two cores
WORDS = 600


def articles(n: int) -> list[str]:
    """n Timeline17 bodies cut to whole paragraphs of about WORDS words."""
    data = bench.data_dir()
    assert data is not None
    out = []
    for _, _, record in bench.timeline17(data, n * 3):
        kept: list[str] = []
        count = 0
        for paragraph in str(record["text"]).split("\n"):
            if count >= WORDS:
                break
            kept.append(paragraph)
            count += len(paragraph.split())
        if count >= WORDS * 0.8:
            out.append("\n\n".join(kept))
        if len(out) == n:
            break
    return out


class Peaks(threading.Thread):
    """Peak RSS (VmHWM) of this process and of its children, sampled while they live."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.hwm: dict[int, int] = {}
        self.running = True

    def run(self) -> None:
        while self.running:
            for pid in [os.getpid(), *_children(os.getpid())]:
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmHWM:"):
                            self.hwm[pid] = max(self.hwm.get(pid, 0), int(line.split()[1]) // 1024)
                except OSError:
                    pass
            time.sleep(0.2)


def _children(pid: int) -> list[int]:
    out = []
    for child in Path(f"/proc/{pid}/task").glob("*/children"):
        out += [int(c) for c in child.read_text().split()]
    return out + [g for c in out for g in _children(c)]


def timed(texts: list[str], jobs: int, workdir: Path) -> dict[str, float]:
    path = workdir / f"in-{jobs}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n, text in enumerate(texts):
            out.write(json.dumps({"text": text, "published": "2012-01-02", "url": f"https://bench.example/{n}"}) + "\n")
    with Store(workdir / f"s-{jobs}.db") as store:
        ingest([str(path)], store, jobs=2)
        registry.run_one(store, "features", jobs=2)
        peaks = Peaks()
        peaks.start()
        started = time.perf_counter()
        analysed = registry.run_one(store, "reading", jobs=jobs)["read"]
        seconds = time.perf_counter() - started
        peaks.running = False
        words = sum(len(t.split()) for t in texts)
        mentions = store.db.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
        quotes = store.db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
    own = peaks.hwm.get(os.getpid(), 0)
    workers = [v for k, v in peaks.hwm.items() if k != os.getpid()]
    return {
        "jobs": jobs,
        "articles": analysed,
        "seconds": seconds,
        "rate": analysed / seconds,
        "words_per_s": words / seconds,
        "mentions": mentions,
        "quotes": quotes,
        "rss_main": own,
        "rss_worker": max(workers, default=0),
    }


def profile(texts: list[str]) -> None:
    from storyline.analyze import nlp, reading
    from storyline.ingest.finalize import finalize
    from storyline.ingest.item import Item
    from storyline.ingest.textfile import parse

    nlp.load()
    fakes = [finalize(parse(Item(f"{n}.txt", "text", t.encode("utf-8")))) for n, t in enumerate(texts)]
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for start in range(0, len(fakes), 16):
        reading.read(fakes[start : start + 16])
    profiler.disable()
    total = time.perf_counter() - started
    stats = pstats.Stats(profiler)
    own = {
        name: sum(v[3] for k, v in stats.stats.items() if f"storyline/analyze/{name}" in k[0] and k[2] == fn)  # type: ignore[attr-defined]
        for name, fn in (
            ("actors", "find_mentions"),
            ("roles", "find_roles"),
            ("quotes", "find_speech"),
            ("timex", "find_time_expressions"),
        )
    }
    print(f"\none process, {len(texts)} articles: {total:.1f} s ({len(texts) / total:.1f} articles/s)")
    print(f"{'step':<10} {'seconds':>8} {'share':>7}")
    for name, seconds in own.items():
        print(f"{name:<10} {seconds:>8.2f} {seconds / total:>7.1%}")
    rest = total - sum(own.values())
    print(f"{'spaCy+rest':<10} {rest:>8.2f} {rest / total:>7.1%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--jobs", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    if bench.data_dir() is None:
        print("skipped: labelled data (../shared/data) not present")
        return 0
    texts = articles(args.n)
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"{len(texts)} Timeline17 articles, {words:.0f} words on average")
    if args.profile:
        profile(texts)
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="storyline-reading-") as tmp:
        for jobs in args.jobs:
            rows.append(timed(texts, jobs, Path(tmp)))
    header = ("jobs", "articles", "s", "art/s", "words/s", "mentions", "quotes", "RSS main", "RSS worker")
    print("\n" + " ".join(f"{h:>10}" for h in header))
    for r in rows:
        cells = [r["jobs"], r["articles"], f"{r['seconds']:.1f}", f"{r['rate']:.1f}", f"{r['words_per_s']:.0f}"]
        cells += [r["mentions"], r["quotes"], f"{r['rss_main']} MB", f"{r['rss_worker']} MB"]
        print(" ".join(f"{c:>10}" for c in cells))
    best = max(r["rate"] for r in rows)
    print(f"\ntarget >= {TARGET:.0f} articles/s on two cores: {'met' if best >= TARGET else 'NOT met'} ({best:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
