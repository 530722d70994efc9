from __future__ import annotations

from datetime import date

import pytest

from storyline.ingest.dates import date_line, find_date, parse_published, read_published
from storyline.model import PublishedDate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By RFE/RL June 02, 2025", date(2025, 6, 2)),
        ("Sun Jun 01 2025", date(2025, 6, 1)),
        ("Published 16 May 2025, 10:02", date(2025, 5, 16)),
        ("posted 2024-02-29T08:00:00Z", date(2024, 2, 29)),
        ("Tuesday, 5th of March, 2024", date(2024, 3, 5)),
    ],
)
def test_find_date(text: str, expected: date) -> None:
    found = find_date(text)
    assert found is not None and found[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Washington DC 20036",
        "the talks may start on Friday",
        "a 30-day ceasefire",
        "1201 Connecticut Ave.",
        "2023-02-30",
    ],
)
def test_not_a_date(text: str) -> None:
    assert find_date(text) is None


def test_date_line_only_when_the_line_is_a_date() -> None:
    assert date_line("Sun Jun 01 2025") == date(2025, 6, 1)
    assert date_line("Updated: March 3, 2011 | 10:45 am GMT") == date(2011, 3, 3)
    assert date_line("The ceasefire of June 1, 2025 collapsed") is None


@pytest.mark.parametrize(
    ("value", "iso", "precision"),
    [
        ("2025-06", "2025-06", "month"),
        ("2025", "2025", "year"),
        ("2025-06-02T10:00:00+03:00", "2025-06-02", "day"),
        ((2025, 6, 2, 0, 0, 0, 0, 153, 0), "2025-06-02", "day"),
        ("Mon, 02 Jun 2025 10:00:00 GMT", "2025-06-02", "day"),
    ],
)
def test_parse_published_keeps_precision(value: object, iso: str, precision: str) -> None:
    found = parse_published(value, "test")
    assert found is not None and (found.value, found.precision, found.origin) == (iso, precision, "test")


def test_parse_published_rejects_nonsense() -> None:
    assert parse_published("2025-13-45", "t") is None
    assert parse_published("soon", "t") is None
    assert parse_published(None, "t") is None


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("yesterday", "a relative date with nothing to anchor it"),
        ("in 3 days", "a relative date with nothing to anchor it"),
        ("0001-01-01", "out of range (years 1900 to 2100)"),
        ("9999-12-31T00:00:00Z", "out of range (years 1900 to 2100)"),
        ("31 December 9999", "out of range (years 1900 to 2100)"),
        ("2010-02-30", "not a calendar date"),
        ((1, 1, 1, 0, 0, 0, 0, 1, 0), "out of range (years 1900 to 2100)"),
        ("soon", "not a recognisable date"),
        ("2025-06-02 " * 20, "too long to be a date"),
    ],
)
def test_read_published_says_why_a_value_is_dropped(value: object, problem: str) -> None:
    assert read_published(value, "t") == (None, problem)


def test_read_published_is_silent_when_there_is_no_value() -> None:
    assert read_published(None, "t") == (None, None)
    assert read_published("  ", "t") == (None, None)
    assert read_published("2025-06-02", "t") == (PublishedDate("2025-06-02", "day", "t"), None)


def test_a_long_line_is_no_date_line() -> None:
    assert date_line("Updated: " + "2 June 2025 " * 20) is None
