"""The TLS metrics of benchmarks/tls_metrics.py on cases small enough to score by hand.

ROUGE here counts as ROUGE-1.5.5 does with tilse's options (-m -s): lowercased, SMART stopwords
("the", "went", "said", ...) dropped before n-grams are formed, tokens longer than 3 letters
Porter-stemmed ("hits" -> "hit", "floods" -> "flood", "heavy" -> "heavi"). No data needed.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import tls_metrics as m  # noqa: E402

D1, D2, D3, D10 = date(2010, 1, 1), date(2010, 1, 2), date(2010, 1, 3), date(2010, 1, 10)
GOLD = {D1: ["Storm hits coast ."], D10: ["Flood closes port ."]}


def test_tokens_as_rouge_155_counts_them() -> None:
    # "the" is a stopword; "floods" stems to "flood"; "-" is split off and dropped
    assert m.rouge_tokens(["The rain floods the town"]) == ["rain", "flood", "town"]
    assert m.rouge_tokens(["Storm-hit coast"]) == ["storm", "hit", "coast"]
    # WordNet exceptions come before the stemmer: children -> child (went is a stopword)
    assert m.rouge_tokens(["Children went home"]) == ["child", "home"]


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("caresses", "caress"),
        ("ponies", "poni"),
        ("relational", "relat"),
        ("hopping", "hop"),
        ("agreed", "agre"),
        ("happy", "happi"),
        ("electricity", "electr"),
        ("adjustment", "adjust"),
        ("dependent", "depend"),
        ("generalization", "gener"),
    ],
)
def test_porter_stemmer(word: str, stem: str) -> None:
    assert m.porter_stem(word) == stem


def test_identical_timelines_score_one() -> None:
    scores = m.evaluate(GOLD, GOLD)
    for name in ("date", "ar1", "ar2", "concat1", "concat2"):
        assert scores[name].precision == pytest.approx(1.0), name
        assert scores[name].recall == pytest.approx(1.0), name
        assert scores[name].f1 == pytest.approx(1.0), name


def test_disjoint_timelines_score_zero() -> None:
    pred = {D2: ["Markets rally ."], D3: ["Banks reopen ."]}
    scores = m.evaluate(pred, GOLD)
    for name in ("date", "ar1", "ar2", "concat1", "concat2"):
        assert scores[name].f1 == 0.0, name


def test_a_date_one_day_off_is_half_credited_by_align() -> None:
    gold = {D2: ["Storm hits coast ."]}
    pred = {D3: ["Storm hits coast ."]}
    # no shared date: date F1 0
    assert m.date_scores(pred, gold).f1 == 0.0
    # D3 aligns to D2 (the only gold date), one day apart: hits weigh 1/(1+1).
    # ROUGE-1: 3 tokens (storm, hit, coast), 3 hits -> P = R = 1.5/3 = 0.5
    ar1 = m.align_m1(pred, gold, 1)
    assert (ar1.precision, ar1.recall, ar1.f1) == pytest.approx((0.5, 0.5, 0.5))
    # ROUGE-2: 2 bigrams, 2 hits -> 1/2
    assert m.align_m1(pred, gold, 2).f1 == pytest.approx(0.5)
    # concat ignores dates: 1.0
    assert m.concat(pred, gold, 1).f1 == pytest.approx(1.0)


def test_tiny_rouge_1_by_hand() -> None:
    gold = {D1: ["The rain floods the town ."]}  # rain, flood, town (3)
    pred = {D1: ["Heavy rain hits the town ."]}  # heavi, rain, hit, town (4)
    # unigram hits: rain, town = 2 -> P = 2/4, R = 2/3, F1 = 2 * (1/2 * 2/3) / (1/2 + 2/3) = 4/7
    ar1 = m.align_m1(pred, gold, 1)
    assert (ar1.precision, ar1.recall, ar1.f1) == pytest.approx((2 / 4, 2 / 3, 4 / 7))
    # bigrams, formed after the stopwords go: pred heavi-rain, rain-hit, hit-town; gold rain-flood,
    # flood-town: no hit
    assert m.align_m1(pred, gold, 2).f1 == 0.0
    assert m.concat(pred, gold, 1).f1 == pytest.approx(4 / 7)


def test_many_to_one_alignment() -> None:
    pred = {D1: ["Storm hits coast ."], D2: ["Storm hits coast ."]}
    # Precision: D1 -> D1 (cost 0), 3 hits x 1. D2 -> D1: date factor 1 - 1/2, content factor
    # 1 - approx-F1 1.0 = 0, cost 0 (against D10: (1 - 1/9) x 1); 3 hits x 1/2.
    # P = (3 + 1.5) / (3 + 3) = 0.75.
    # Recall: gold D1 -> pred D1 (cost 0, the first of the two zero costs), 3 hits.
    # Gold D10 -> pred D2 (cost (1 - 1/9) x 1 < (1 - 1/10) x 1 for D1), 0 hits; 3 gold tokens
    # (flood, close, port). R = 3 / 6 = 0.5; F1 = 2 x 0.75 x 0.5 / 1.25 = 0.6.
    ar1 = m.align_m1(pred, GOLD, 1)
    assert (ar1.precision, ar1.recall, ar1.f1) == pytest.approx((0.75, 0.5, 0.6))
    date_f = m.date_scores(pred, GOLD)
    assert (date_f.precision, date_f.recall) == (0.5, 0.5)


def test_empty_prediction_scores_zero() -> None:
    scores = m.evaluate({}, GOLD)
    assert all(s.f1 == 0.0 for s in scores.values())


def test_average_is_f1_of_the_mean_precision_and_recall() -> None:
    # news-tls get_average_results: mean P = 0.5, mean R = 0.5 -> 0.5 (the mean of the F1s is 0.4)
    avg = m.average([m.PRF(1.0, 0.0), m.PRF(0.0, 1.0), m.PRF(0.5, 0.5), m.PRF(0.5, 0.5)])
    assert avg.f1 == pytest.approx(0.5)


# tilse's own cases (tilse/test/evaluation/test_rouge.py), whose figures came from the ROUGE-1.5.5
# Perl script with stemming and stopwords removed: two reference timelines.
TILSE_GOLD = [
    {
        D1: ["timeline summarization ."],
        D2: ["timeline summarization is awesome .", "coreference resolution is , too ."],
        date(2010, 1, 4): ["alignments are really nice"],
    },
    {D2: ["metrics are complicated ."]},
]
SAME = {
    D2: ["timeline summarization ."],
    D3: ["doing some metric checks ."],
    date(2010, 1, 5): ["checks for alignments ."],
}
LESS = {D2: ["timeline summarization ."], D3: ["doing some metric checks ."]}
MORE = {**SAME, date(2010, 1, 6): ["asdf"]}


@pytest.mark.parametrize(
    ("pred", "align", "concat"),
    [
        (SAME, (3 / 12, 3.5 / 11), (4 / 12, 4 / 11)),
        (LESS, (2.5 / 8, 3 / 11), (3 / 8, 3 / 11)),
        (MORE, (3 / 14, 3.5 / 11), (4 / 14, 4 / 11)),
    ],
)
def test_tilse_unit_cases(pred: dict[date, list[str]], align: tuple[float, float], concat: tuple[float, float]) -> None:
    ar1 = m.align_m1(pred, TILSE_GOLD, 1)
    assert (ar1.precision, ar1.recall) == pytest.approx(align)
    c1 = m.concat(pred, TILSE_GOLD, 1)
    assert (c1.precision, c1.recall) == pytest.approx(concat)


def test_tls_selection_from_timeline_entries() -> None:
    """benchmarks/timeline.py's selector: k day-precision dates within the span, ranked by their
    entries' sources; per date the best-supported entries' text."""
    import timeline as bench

    def entry(day: str | None, text: str, sources: int, precision: str = "day") -> dict[str, object]:
        return {"date": day, "precision": precision, "text": text, "sources": [{}] * sources}

    task = bench.Task("X_bbc", 0, {}, date(2010, 1, 1), date(2010, 1, 31), k_dates=2, k_sents=1)
    entries = [
        entry("2010-01-02", "two weak", 1),
        entry("2010-01-02", "two strong", 3),  # 2010-01-02: 4 sources in all
        entry("2010-01-05", "five", 2),
        entry("2010-01-09", "nine", 3),  # 3
        entry("2010-02-01", "outside the span", 9),
        entry("2010-01", "a month", 9, precision="month"),
        entry(None, "a range", 9, precision="day"),
    ]
    assert bench.select_entries(entries, task) == {date(2010, 1, 2): ["two strong"], date(2010, 1, 9): ["nine"]}
