"""Calibrate the story clusterer's weights, threshold and time window.

    python benchmarks/tune_stories.py

Tunes on ECB+ topics 1-35 and BASIL only (never on ECB+ 36-45, which
benchmarks/stories.py reports). Each dataset is ingested and analysed once;
each configuration re-runs only the corpus stage. Prints the best
configurations by the mean of ECB+ pairwise F1 and BASIL B-cubed F1.
"""

from __future__ import annotations

import itertools
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import stories as bench  # noqa: E402
from storyline import registry  # noqa: E402
from storyline.corpus import events  # noqa: E402
from storyline.corpus.stages import stories as stories_stage  # noqa: E402
from storyline.ingest.pipeline import ingest  # noqa: E402
from storyline.store.sqlite import Store  # noqa: E402


def prepare(docs: list[bench.Doc], workdir: Path, name: str) -> tuple[Store, list[str]]:
    path = workdir / f"{name}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n, (_, _, record) in enumerate(docs):
            out.write(bench.json.dumps(record | {"url": f"https://bench.example/{n}"}) + "\n")
    store = Store(workdir / f"{name}.db")
    ingest([str(path)], store, jobs=2)
    registry.update(store, jobs=2, read=False)
    sources = [f"{path}:{n + 1}" for n in range(len(docs))]
    return store, sources


def score(store: Store, sources: list[str], gold: list[str], metric: str, level: str = "events") -> float:
    with store.transaction():
        store.stories.clear()
    stories_stage.place(store, store.stories.pending())
    group = bench.assignments(store)[level]
    predicted = [group.get(s, -(n + 1)) for n, s in enumerate(sources)]  # a rejected line: alone
    if metric == "pair":
        return bench.pairwise(gold, predicted)[2]
    return bench.bcubed(gold, predicted)[2]


def main() -> int:
    data = bench.data_dir()
    if data is None:
        print("skipped: labelled data not found")
        return 0
    with tempfile.TemporaryDirectory(prefix="storyline-tune-") as tmp:
        ecb = bench.ecbplus(data, "train")
        bas = bench.basil(data)
        ecb_store, ecb_sources = prepare(ecb, Path(tmp), "ecb")
        bas_store, bas_sources = prepare(bas, Path(tmp), "basil")
        results = []
        grid = itertools.product(
            [0.3, 0.5],  # body weight
            [0.3, 0.5, 0.7],  # names weight
            [0.2],  # title weight
            [0.18, 0.22, 0.26],  # threshold
            [4],  # window days
            [0.0, 0.1, 0.15, 0.2, 0.3],  # names gate
        )
        for body, names, title, threshold, window, gate in grid:
            events.NAMES_GATE = gate
            total = body + names + title
            events.WEIGHTS = {"body": body / total, "names": names / total, "title": title / total}
            events.THRESHOLD = threshold
            events.WINDOW_DAYS = window
            e = score(ecb_store, ecb_sources, [d[0] for d in ecb], "pair")
            b = score(bas_store, bas_sources, [d[0] for d in bas], "b3")
            results.append(((e + b) / 2, e, b, body, names, title, threshold, window, gate))
        results.sort(reverse=True)
        print(f"{'mean':>6}{'ECB+ pF1':>10}{'BASIL B3':>10}  body names title threshold window gate")
        for r in results[:15]:
            print(
                f"{r[0]:>6.3f}{r[1]:>10.3f}{r[2]:>10.3f}  {r[3]:>4} {r[4]:>5} {r[5]:>5} {r[6]:>9} {r[7]:>6} {r[8]:>4}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
