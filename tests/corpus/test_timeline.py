"""The timeline's rules on hand-made sentences: what is one happening, what is its date, who counts."""

from __future__ import annotations

from collections import Counter
from datetime import date

from storyline.corpus.accounts import Told, Weights, terms
from storyline.corpus.timeline import When, build, trim, when_of


def told(
    article: str,
    text: str,
    dates: tuple[str, ...] = (),
    *,
    source: str | None = None,
    idx: int = 5,
    day: date | None = date(2025, 6, 2),
    entities: frozenset[int] = frozenset(),
    copy: bool = False,
) -> Told:
    offsets = tuple((i, v) for i, v in enumerate(dates))
    return Told(article, 1, idx, 0, len(text), text, dates[0] if dates else None, offsets, entities,
                source or f"outlet:{article}", article, day, copy, terms(text))  # fmt: skip


def test_when_of_reads_days_months_years_and_weekends() -> None:
    assert when_of("2025-06-01") == When(date(2025, 6, 1), date(2025, 6, 1), "day")
    assert when_of("2025-06-02T13:00") == When(date(2025, 6, 2), date(2025, 6, 2), "day")
    assert when_of("2025-02") == When(date(2025, 2, 1), date(2025, 2, 28), "month")
    assert when_of("2022") == When(date(2022, 1, 1), date(2022, 12, 31), "year")
    weekend = when_of("2025-W19-WE")
    assert weekend is not None and weekend.precision == "range" and weekend.value is None
    assert (weekend.start.isoweekday(), weekend.end.isoweekday()) == (6, 7)
    for unreadable in ("P18M", "PRESENT_REF", "XXXX-WXX-1", "2025-13-40", "", None):
        assert when_of(unreadable) is None


def test_one_happening_told_by_two_outlets_is_one_entry_with_both_sources() -> None:
    sentences = [
        told("a", "Rebels shelled the northern port of Karvel overnight, killing eleven fishermen.", ("2025-06-01",),
             entities=frozenset({7})),
        told("b", "Eleven fishermen died when rebel artillery hit the port of Karvel on Sunday.", ("2025-06-01",),
             entities=frozenset({7})),
        told("c", "The central bank of Oloria raised interest rates by half a point.", ("2025-06-01",)),
    ]  # fmt: skip
    entries = build(sentences)
    shelling = [e for e in entries if "Karvel" in e.text]
    assert len(shelling) == 1 and shelling[0].independent == 2
    assert {s["article"] for s in shelling[0].sources} == {"a", "b"}
    assert any("central bank" in e.text for e in entries if e not in shelling)


def test_the_same_words_on_another_day_are_another_entry() -> None:
    sentences = [
        told("a", "Rebels shelled the northern port of Karvel, killing eleven fishermen.", ("2025-06-01",)),
        told("b", "Rebels shelled the northern port of Karvel, killing eleven fishermen.", ("2025-06-08",)),
    ]
    assert len(build(sentences)) == 2


def test_a_copy_or_a_second_article_of_one_outlet_adds_no_independent_source() -> None:
    text = "Rebels shelled the northern port of Karvel overnight, killing eleven fishermen."
    sentences = [
        told("a", text, ("2025-06-01",), source="outlet:wire"),
        told("b", text, ("2025-06-01",), source="outlet:wire", copy=True),  # a reprint: its original's source
        told("c", text, ("2025-06-01",), source="outlet:wire"),  # the same outlet again
    ]
    (entry,) = build(sentences)
    assert len(entry.sources) == 3 and entry.independent == 1


def test_a_month_told_in_retrospect_is_a_source_for_the_day_it_holds() -> None:
    sentences = [
        told("a", "Negotiators from Oloria and Vetria met in Karvel for a first round of talks.", ("2025-05-16",),
             entities=frozenset({3, 4})),
        told("b", "A first round of talks between Oloria and Vetria in Karvel last month yielded nothing.",
             ("2025-05",), entities=frozenset({3, 4})),
    ]  # fmt: skip
    entries = build(sentences)
    (entry,) = [e for e in entries if e.when.precision == "day"]
    assert entry.when.value == "2025-05-16" and entry.independent == 2


def test_a_lead_without_a_date_reports_its_articles_day_unless_it_looks_ahead() -> None:
    lead = told("a", "Oloria has recalled its ambassador from Vetria over the border dispute.", idx=0)
    ahead = told("b", "Oloria will recall its ambassador from Vetria next week, officials say.", idx=0)
    deep = told("c", "Oloria has recalled ambassadors before, most recently in a trade row.", idx=9)
    entries = build([lead, ahead, deep])
    assert [e.when.value for e in entries] == ["2025-06-02"]
    assert entries[0].sources[0]["article"] == "a"


def test_a_sentence_with_two_dates_is_a_source_for_both() -> None:
    both = told(
        "a", "The truce signed in March 2022 collapsed when fighting resumed on Sunday.", ("2022-03", "2025-06-01")
    )
    days = sorted(e.when.value or "" for e in build([both]))
    assert days == ["2022-03", "2025-06-01"]


def test_build_keeps_to_the_year_asked() -> None:
    both = told(
        "a", "The truce signed in March 2022 collapsed when fighting resumed on Sunday.", ("2022-03", "2025-06-01")
    )
    assert [e.when.value for e in build([both], 2022)] == ["2022-03"]


def test_trim_drops_a_trailing_attribution_only_where_a_sentence_is_left() -> None:
    assert (
        trim("Talks will resume in Karvel on Monday, the foreign ministry said.")
        == "Talks will resume in Karvel on Monday."
    )
    assert trim("Talks will resume on Monday, according to two diplomats.") == "Talks will resume on Monday."
    assert trim("“We are ready,” Mr Lee said.") == "“We are ready,” Mr Lee said."
    assert trim("It is over, he said.") == "It is over, he said."  # too little left


def test_weights_count_rare_words_and_shared_actors_more() -> None:
    a = told("a", "Karvel port shelled", entities=frozenset({1}))
    b = told("b", "Karvel port shelled", entities=frozenset({1}))
    c = told("c", "Karvel port quiet", entities=frozenset({2}))
    w = Weights([a, b, c])
    assert w.similarity(a, b) > w.similarity(a, c) > 0
    assert Counter(terms("40 bombers")) == Counter({"bomber": 1, "40": 1})
