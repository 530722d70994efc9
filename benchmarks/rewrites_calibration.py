"""The figures the opening test of `corpus.copies.compare` decides on, for benchmarks/rewrites.py --calibrate.

Features are computed in-process, as the features stage does. For each part (train: the thresholds were
chosen on it; test: held out), by the skeleton length of the shorter text of a pair:

- *copies*: a rewrite or a cut and its own original;
- *hard negatives*: two originals of one group (BASIL event, T17 topic and day), and a copy of one
  against another original of its group;

the opening containment (`corpus.copies.opening_containment`) by the weight of the shorter skeleton
(`skeleton_weight`) and, for pairs of similar length, the whole-skeleton Indel similarity. Then every
copy and original against every other original (not its own): the highest opening containment any of
them reaches, by weight, the worst case for precision.

`real_links` (benchmarks/rewrites.py --real) lists the links the opening test makes on the real corpora.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Indel

import copies as copy_bench
from copies import Line, Original
from storyline import registry
from storyline.corpus import copies
from storyline.ingest.pipeline import ingest
from storyline.records import Features
from storyline.store.sqlite import Store

BINS = ((8, 10), (10, 12), (12, 16), (16, 24), (24, 40), (40, 10_000))


def _pairs(
    lines: list[Line], found: list[Original], feats: list[Features | None]
) -> dict[str, list[tuple[Features, Features, str]]]:
    import rewrites

    original = {line.origin: feats[n] for n, line in enumerate(lines) if line.role == "original"}
    members: dict[str, list[int]] = defaultdict(list)
    for i, o in enumerate(found):
        members[o.group].append(i)
    out: dict[str, list[tuple[Features, Features, str]]] = defaultdict(list)
    for n, line in enumerate(lines):
        mine, part = feats[n], rewrites.part_of(found[line.origin])
        if mine is None:
            continue
        for other in members[found[line.origin].group]:
            theirs = original.get(other)
            if theirs is None or theirs is mine or (line.role == "original" and other < line.origin):
                continue
            label = "copies" if other == line.origin else "hard negatives"
            out[label].append((mine, theirs, part))
    return out


def _cells(values: list[float]) -> str:
    if not values:
        return f"{'-':>6}" * 4
    return "".join(f"{v:>6.2f}" for v in np.percentile(values, [0, 1, 5, 50]))


def report(lines: list[Line], found: list[Original]) -> None:
    started = time.perf_counter()
    feats = copy_bench.features_of(lines)
    pairs = _pairs(lines, found, feats)
    print(f"\nCalibration (features in-process, {time.perf_counter() - started:.1f} s)")
    print(
        f"Opening containment (threshold {copies.OPENING_CONTAINMENT}, {copies.SHORT_OPENING_CONTAINMENT} under "
        f"{copies.SHORT_OPENING}; none under {copies.MIN_OPENING}), by the weight of the shorter skeleton"
        " (`skeleton_weight`: tokens, a name's k-th mention counting 1/k)"
    )
    print(f"  {'part':<6}{'weight':>10}{'copies':>8}{'min':>6}{'p1':>6}{'p5':>6}{'p50':>6}{'negatives':>11}{'max':>6}")
    for part in ("train", "test"):
        scored: dict[str, list[tuple[int, float]]] = {}
        for label, found_pairs in pairs.items():
            scored[label] = []
            for a, b, p in found_pairs:
                if p == part:
                    shorter, longer = sorted((a.skeleton, b.skeleton), key=len)
                    size = copies.skeleton_weight(shorter)
                    scored[label].append((size, copies.opening_containment(shorter, longer)))
        for low, high in BINS:
            positive = [s for n, s in scored["copies"] if low <= n < high]
            negative = [s for n, s in scored["hard negatives"] if low <= n < high]
            top = f"{max(negative):>6.2f}" if negative else f"{'-':>6}"
            span = f"{low}-{high}" if high < 10_000 else f"{low}+"
            print(f"  {part:<6}{span:>10}{len(positive):>8}{_cells(positive)}{len(negative):>11}{top}")
    whole: dict[str, list[float]] = defaultdict(list)
    for label, found_pairs in pairs.items():
        for a, b, p in found_pairs:
            shorter, longer = sorted((a.skeleton, b.skeleton), key=len)
            if len(shorter) >= copies.MIN_SKELETON and len(longer) <= copies.MAX_LENGTH_RATIO * len(shorter):
                whole[f"{label}, {p}"].append(Indel.normalized_similarity(a.skeleton, b.skeleton))
    print(f"Whole-skeleton Indel similarity (threshold {copies.PARAPHRASE_SKELETON}), pairs within the length ratio")
    for label, values in sorted(whole.items()):
        print(
            f"  {label:<24}{len(values):>6}  min {min(values):.3f}  p50 {np.median(values):.3f}  max {max(values):.3f}"
        )
    _all_pairs(lines, feats)


def _all_pairs(lines: list[Line], feats: list[Features | None]) -> None:
    """Every copy and original against every original but its own: the worst chance agreement."""
    started = time.perf_counter()
    originals = [(line.origin, feats[n]) for n, line in enumerate(lines) if line.role == "original"]
    top: dict[tuple[int, int], float] = {}
    count = 0
    for n, line in enumerate(lines):
        mine = feats[n]
        if mine is None:
            continue
        for origin, theirs in originals:
            if origin == line.origin or theirs is None:
                continue
            shorter, longer = sorted((mine.skeleton, theirs.skeleton), key=len)
            size = copies.skeleton_weight(shorter)
            if size < copies.MIN_OPENING:
                continue
            count += 1
            span = next(b for b in BINS if b[0] <= size < b[1])
            top[span] = max(top.get(span, 0.0), copies.opening_containment(shorter, longer))
    cells = ", ".join(f"{low}-{high if high < 10_000 else ''}: {v:.2f}" for (low, high), v in sorted(top.items()))
    print(
        f"All {count} pairs of a text and another's original: highest opening containment by weight, {cells} "
        f"({time.perf_counter() - started:.0f} s)"
    )


def real_links(data: Path, jobs: int) -> None:
    """Copy links on the real corpora (BASIL, ECB+ 1-45, Timeline17: ~5,900 articles with no copy
    labels), through the pipeline: how many the opening test makes, and each of them, to judge by
    hand (a link across ECB+ subtopics or T17 topics is certainly false)."""
    import stories as story_bench

    sets = {
        "BASIL": story_bench.basil(data),
        "ECB+ 1-45": story_bench.ecbplus(data, "train") + story_bench.ecbplus(data, "test"),
        "Timeline17": story_bench.timeline17(data, None),
    }
    print("\nCopy links on real news (no copy labels; opening links listed for judging)")
    for name, docs in sets.items():
        with tempfile.TemporaryDirectory(prefix="storyline-real-") as tmp:
            path = Path(tmp) / "in.jsonl"
            with path.open("w", encoding="utf-8") as out:
                for n, (_, _, record) in enumerate(docs):
                    out.write(json.dumps(record | {"url": f"https://real.example/{n}"}) + "\n")
            with Store(Path(tmp) / "real.db") as store:
                ingest([str(path)], store, jobs=jobs)
                registry.update(store, jobs=jobs, read=False)
                line_of = {
                    a: int(s.rsplit(":", 1)[1]) - 1 for a, s in store.db.execute("SELECT id, source FROM articles")
                }
                bodies = dict(store.db.execute("SELECT id, body FROM articles").fetchall())
                rows = store.db.execute("SELECT article_id, original_id, kind, score, evidence FROM copies").fetchall()
        kinds: Counter[str] = Counter()
        shown: list[str] = []
        for article, original, kind, value, evidence in rows:
            across = docs[line_of[article]][1] != docs[line_of[original]][1]
            opening = "skeleton_opening" in json.loads(evidence)
            kinds[f"{kind}{' (opening)' if opening else ''}{', across groups' if across else ''}"] += 1
            if opening:
                heads = [" ".join(bodies[a].split()[:14]) for a in (article, original)]
                shown.append(f"    {value:.3f}{' ACROSS GROUPS' if across else ''}: {heads[0]} ... <- {heads[1]} ...")
        print(f"  {name} ({len(docs)} articles): {dict(sorted(kinds.items())) or 'no links'}")
        for line in shown:
            print(line)
