"""Quality floors: the benchmarks' fast subsets, checked against pinned figures.

Like trafilatura's evaluation gate: no change may lower a measured quality figure
silently. The labelled data lives outside the project (../shared/data); where it
is absent these tests skip.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import stories as story_bench  # noqa: E402

FLOORS: dict[str, Any] = json.loads((BENCHMARKS / "floors.json").read_text("utf-8"))
DATA = story_bench.data_dir()
needs_data = pytest.mark.skipif(DATA is None, reason="labelled data (../shared/data) not present")


@needs_data
@pytest.mark.parametrize("name", sorted(FLOORS["stories"]))
def test_story_clustering_floor(name: str) -> None:
    assert DATA is not None
    (dataset,) = [docs for label, docs in story_bench.datasets(DATA, None, "test", quick=True) if label == name]
    levels = story_bench.evaluate(name, dataset, jobs=1)
    for level, floors in FLOORS["stories"][name].items():
        row = levels[level]
        for metric, floor in floors.items():
            found = row[metric]
            assert found >= floor, f"{name} {level} {metric} {found:.3f} fell below its floor {floor}"


@needs_data
def test_no_real_news_article_is_flagged_machine_paraphrased() -> None:
    from storyline.analyze.signals.paraphrase import detect

    assert DATA is not None
    docs = story_bench.basil(DATA) + story_bench.ecbplus(DATA, "test") + story_bench.timeline17(DATA, 800)
    flagged = [str(d[2]["text"])[:80] for d in docs if detect(str(d[2]["text"])).flag]
    assert len(flagged) <= FLOORS["paraphrase"]["real_news_flagged_max"], flagged


@needs_data
def test_copy_detection_targets_on_the_quick_copy_set(tmp_path: Path) -> None:
    """Every precision/recall target of benchmarks/copies.py, on its 60-original subset."""
    import copies as copy_bench

    assert DATA is not None
    originals = copy_bench.basil(DATA, 10)
    extra, _ = copy_bench.timeline17(DATA, 60 - len(originals), originals)
    lines = copy_bench.build_stream(originals + extra, copy_bench.load_synonyms(copy_bench.SYNONYMS))
    scores = copy_bench.score(lines, originals + extra, copy_bench.run_pipeline(lines, tmp_path, 1))
    missed = [(what, value, target) for what, value, target, ok in copy_bench.targets(scores) if not ok]
    assert missed == []


@needs_data
@pytest.mark.parametrize("name", sorted(FLOORS["reading"]))
def test_reading_floor(name: str) -> None:
    """Per-article reading, on each benchmark's quick subset: TempEval-3 platinum (dates),
    PolNeAR test 1-20 (quotes), the canonicalization pairs (entities), ECB+ 36-45 (mentions),
    BASIL's first 120 articles with a third of their dates hidden (inferred publication days)."""
    bench = importlib.import_module(name)
    found = bench.quick_metrics()
    if not found:
        pytest.skip(f"{name}: its data is not present")
    for metric, floor in FLOORS["reading"][name].items():
        assert found[metric] >= floor, f"{name} {metric} {found[metric]:.3f} fell below its floor {floor}"


@needs_data
def test_real_news_entities_floor() -> None:
    """Canonical entities on real news: the hand-checked BASIL sample's rows in the first 60
    articles (name + type precision, persons not split) and the cross-story alias groups
    (BASIL and the sample pages), from benchmarks/entities_real.py --quick."""
    import entities_real

    found = entities_real.quick_metrics()
    if not found:
        pytest.skip("entities_real: its data is not present")
    for metric, floor in FLOORS["entities_real"]["BASIL 60 + sample"].items():
        assert found[metric] >= floor, f"entities_real {metric} {found[metric]:.3f} fell below its floor {floor}"


def test_story_titles_floor() -> None:
    """Stories as a reader sees them, on BASIL's first 45 articles with and without their
    headlines: titles that are a whole headline or lead sentence, key entities that are
    canonical names (benchmarks/story_titles.py)."""
    import story_titles

    found = story_titles.quick_metrics()
    for metric, floor in FLOORS["story_titles"].items():
        assert found[metric] >= floor, f"story titles {metric} {found[metric]:.3f} fell below its floor {floor}"


@needs_data
def test_stream_floor() -> None:
    """Stories on a stream dressed as crawled pages (openings, undated half, outlet titles and
    boilerplate, all datasets interleaved), per dataset slice and level, and the difference the
    same stream makes in a shuffled arrival order (benchmarks/stream.py --quick)."""
    import stream

    found = stream.quick_metrics()
    if not found:
        pytest.skip("stream: its data is not present")
    floors = FLOORS["stream"]
    missed = []
    for level in stream.LEVELS:
        for name, metrics in floors[level].items():
            for metric, floor in metrics.items():
                value = found[f"{level}/{name}/{metric}"]
                if value < floor:
                    missed.append(f"{level} {name} {metric} {value:.3f} fell below its floor {floor}")
        diff = found[f"{level}/ecbplus+basil/shuffled_b3_f1_diff"]
        if diff > floors["shuffled_b3_f1_diff_max"][level]:
            missed.append(f"{level} shuffled-order B-cubed F1 difference {diff:.3f} rose above its ceiling")
    assert missed == []


@needs_data
def test_rewritten_copies_floor() -> None:
    """Content-farm rewrites of real articles, whole and cut to their opening, found as copies of
    their originals, and never a link between two outlets' reports of one event
    (benchmarks/rewrites.py --quick: 60 originals, BASIL and Timeline17)."""
    import rewrites

    found = rewrites.quick_metrics()
    if not found:
        pytest.skip("rewrites: its data is not present")
    for metric, floor in FLOORS["rewrites"].items():
        if metric.endswith("_max"):
            value = found[metric.removesuffix("_max")]
            assert value <= floor, f"rewrites {metric.removesuffix('_max')} {value:g} rose above its ceiling {floor}"
        else:
            assert found[metric] >= floor, f"rewrites {metric} {found[metric]:.3f} fell below its floor {floor}"


@needs_data
def test_timeline_summarization_floor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Timeline17's three small collections (benchmarks/timeline.py --quick), Storyline's row."""
    import timeline as tls_bench

    monkeypatch.setenv("STORYLINE_TLS_CACHE", str(tmp_path))
    found = tls_bench.evaluate(quick=True)
    for metric, floor in FLOORS["timeline"].items():
        if not metric.startswith("_"):
            assert found[metric] >= floor, f"{metric} {found[metric]:.3f} fell below its floor {floor}"
