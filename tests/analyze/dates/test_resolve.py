"""Calendar arithmetic and tense of analyze/dates/resolve.py, on their own (test_timex.py checks
them through whole expressions)."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.analyze.dates.resolve import (
    FUTURE,
    PAST,
    REPORTING,
    UNKNOWN,
    add_months,
    day_year,
    event_month_year,
    iso_week,
    month_year,
    sentence_bounds,
    tense,
    weekday_date,
    weekend_of,
)

WEDNESDAY = date(2025, 5, 14)


@pytest.mark.parametrize(
    ("weekday", "direction", "expected"),
    [
        (5, PAST, date(2025, 5, 9)),  # last Friday
        (5, FUTURE, date(2025, 5, 16)),  # this coming Friday
        (5, UNKNOWN, date(2025, 5, 16)),  # the nearest: two days ahead
        (1, UNKNOWN, date(2025, 5, 12)),  # the nearest: two days back
        (3, PAST, WEDNESDAY),  # the anchor's own weekday is the anchor, whatever the tense
        (3, FUTURE, WEDNESDAY),
    ],
)
def test_weekday_date(weekday: int, direction: str, expected: date) -> None:
    assert weekday_date(WEDNESDAY, weekday, direction) == expected


@pytest.mark.parametrize(
    ("month", "direction", "expected"),
    [(11, PAST, 2024), (11, FUTURE, 2025), (3, FUTURE, 2026), (3, PAST, 2025), (1, UNKNOWN, 2025), (12, UNKNOWN, 2024)],
)
def test_month_year(month: int, direction: str, expected: int) -> None:
    assert month_year(date(2025, 5, 14), month, direction) == expected


def test_month_year_unknown_tense_takes_the_nearest_month() -> None:
    assert month_year(date(2025, 11, 20), 1, UNKNOWN) == 2026  # "payable in January" in a November report


def test_day_year_weighs_tense_against_distance() -> None:
    anchor = date(2025, 12, 20)
    assert day_year(anchor, 1, 5, FUTURE) == 2026
    assert day_year(anchor, 1, 5, PAST) == 2026  # 16 days ahead beats 349 back: the printed day outweighs tense
    midyear = date(2025, 7, 1)  # December 31 is half a year away either way: the tense decides
    assert day_year(midyear, 12, 31, PAST) == 2024
    assert day_year(midyear, 12, 31, FUTURE) == 2025
    assert day_year(anchor, 12, 18, FUTURE) == 2025  # two days back beats a year ahead despite the tense
    assert day_year(date(2025, 3, 1), 2, 29, UNKNOWN) == 2024  # only a leap year has it


def test_add_months_wraps_years_both_ways() -> None:
    assert add_months(2025, 11, 3) == (2026, 2)
    assert add_months(2025, 1, -1) == (2024, 12)
    assert add_months(2025, 6, 0) == (2025, 6)


def test_iso_week_and_weekend() -> None:
    assert iso_week(date(2024, 12, 30)) == "2025-W01"
    assert weekend_of(WEDNESDAY, FUTURE) == date(2025, 5, 17)
    assert weekend_of(WEDNESDAY, PAST) == date(2025, 5, 10)
    assert weekend_of(date(2025, 5, 18), PAST) == date(2025, 5, 17)  # a Sunday is in its own weekend


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("The delegations met on Friday in Istanbul.", "Friday", PAST),
        ("The delegations will meet on Friday in Istanbul.", "Friday", FUTURE),
        ("The talks are scheduled to resume on Friday.", "Friday", FUTURE),
        ("The ceasefire has held since Friday.", "Friday", PAST),
        ("Russia, Ukraine to Hold Talks on Monday", "Monday", FUTURE),
        ("Talks on Monday.", "Monday", UNKNOWN),
    ],
)
def test_tense_of_the_clause(text: str, phrase: str, expected: str) -> None:
    start = text.index(phrase)
    assert tense(text, start, start + len(phrase)) == expected


def test_sentence_bounds_stop_at_sentence_ends() -> None:
    text = "First he spoke. Then the talks began on Friday. Later they ended."
    start = text.index("Friday")
    left, right = sentence_bounds(text, start, start + 6)
    assert text[left:right].strip() == "Then the talks began on Friday."


@pytest.mark.parametrize(
    ("anchor", "month", "direction", "expected"),
    [
        (date(2010, 7, 4), 11, UNKNOWN, 2010),  # "the November election" in July: the coming one
        (date(2010, 3, 4), 11, UNKNOWN, 2010),  # in March too, though last November is nearer
        (date(2010, 7, 4), 11, PAST, 2009),  # "won the November election": the tense says past
        (date(2010, 7, 4), 6, FUTURE, 2011),  # "will meet at the June summit" in July: next June
        (date(2010, 12, 4), 11, UNKNOWN, 2010),  # a month after it: still news under its month's name
    ],
)
def test_a_scheduled_event_named_by_its_month_is_the_next_one(
    anchor: date, month: int, direction: str, expected: int
) -> None:
    assert event_month_year(anchor, month, direction) == expected


def test_a_reporting_verb_can_be_left_out_of_the_tense() -> None:
    text = 'He said the party needs to "refocus" on the November election.'
    at = text.index("November")
    assert tense(text, at, at + 8) == PAST
    assert tense(text, at, at + 8, ignore=REPORTING) == UNKNOWN
