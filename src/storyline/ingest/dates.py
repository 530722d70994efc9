"""Publication dates from the places a page prints them: bylines, date lines, headers.

Finding is ours, parsing is dateparser's: a regex proposes a candidate that looks
like a full calendar date, dateparser turns it into a date under strict settings.
Handing dateparser a whole line instead invites it to read "may" or a street
number as a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache

import dateparser

from storyline.model import PublishedDate

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DOW = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
_CANDIDATES = [
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"),
    re.compile(rf"\b(?:{_DOW}\s+)?{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", re.I),
    re.compile(rf"\b(?:{_DOW}\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}\b", re.I),
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b"),
]
_SETTINGS = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
}
_LANGS = ["en"]
_LABELS = re.compile(r"\b(published|updated|posted|last|modified|on|at|am|pm|gmt|utc|[a-z]{3,4}t)\b")
_SEPARATORS = re.compile(r"[\d:|,.\-–—/()\s]+")
_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?")
# Two reference days far apart: a text whose reading depends on the reference is relative.
_BASES = (datetime(2001, 3, 4), datetime(2013, 10, 27))
YEARS = (1900, 2100)  # plausible publication years: outside them a value is a placeholder or an error
DATE_LINE_MAX = 160  # "Published: Wednesday, 2 June 2025, 14:05 BST | Updated: ..." fits with room to spare
_DATE_TEXT_MAX = 100  # a metadata date is short; a long value is some other text


@lru_cache(maxsize=4096)
def _parse_candidate(candidate: str) -> date | None:
    """dateparser is the slow part: the same printed date recurs across a corpus."""
    parsed = dateparser.parse(candidate, languages=_LANGS, settings=_SETTINGS)
    return parsed.date() if parsed is not None and YEARS[0] <= parsed.year <= YEARS[1] else None


def _candidates(text: str) -> Iterator[re.Match[str]]:
    for pattern in _CANDIDATES:
        yield from pattern.finditer(text)


def find_date(text: str) -> tuple[date, tuple[int, int]] | None:
    """The first full calendar date printed in `text`, with its span."""
    for match in _candidates(text):
        parsed = _parse_candidate(match.group(0))
        if parsed is not None:
            return parsed, match.span()
    return None


def date_line(line: str) -> date | None:
    """A line that is a date and nothing else ("Sun Jun 01 2025", "Updated: 2 June 2025 14:05").
    The rest of the line is checked before the date is parsed: most lines are not dates.

    A line longer than a printed date with its labels is not a date line; the bound
    also keeps the check linear, since each candidate rebuilds the rest of the line."""
    if len(line) > DATE_LINE_MAX:
        return None
    for match in _candidates(line):
        rest = (line[: match.start()] + " " + line[match.end() :]).lower()
        rest = _LABELS.sub(" ", rest)
        if _SEPARATORS.sub(" ", rest).strip():
            continue
        parsed = _parse_candidate(match.group(0))
        if parsed is not None:
            return parsed
    return None


def read_published(value: object, origin: str) -> tuple[PublishedDate | None, str | None]:
    """A date from structured metadata: ISO strings of any precision, datetimes,
    struct_time tuples (feedparser), or free text as a last resort.

    Returns (date, None), or (None, why the value is not a publication date) so the
    reader can warn about a value it drops; (None, None) when there is no value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, datetime | date):
        parts: tuple[int, int | None, int | None] | str = (value.year, value.month, value.day)
    elif isinstance(value, tuple) and len(value) >= 3 and all(isinstance(v, int) for v in value[:3]):
        parts = (value[0], value[1], value[2])  # time.struct_time
    else:
        parts = _text_parts(str(value).strip())
    if isinstance(parts, str):
        return None, parts
    year, month, day = parts
    problem = _invalid(year, month, day)
    if problem:
        return None, problem
    return PublishedDate.from_parts(year, month, day, origin), None


def parse_published(value: object, origin: str) -> PublishedDate | None:
    """`read_published` without the reason, for callers that have no one to tell."""
    return read_published(value, origin)[0]


def dropped(value: object, problem: str) -> str:
    """The warning for a publication date a reader drops: the value as given, and why."""
    shown = str(value).strip()
    shown = shown if len(shown) <= 60 else shown[:59] + "…"
    return f"publication date {shown!r} dropped: {problem}"


def _text_parts(text: str) -> tuple[int, int | None, int | None] | str:
    """(year, month, day) of a printed date, or why it is not one.

    A relative date ("yesterday", "3 days ago") is refused: with nothing to anchor it
    (a crawl date, a header), resolving it against this machine's clock would date
    the article to the day it was ingested."""
    if len(text) > _DATE_TEXT_MAX:
        return "too long to be a date"
    iso = _ISO.fullmatch(text)
    if iso:
        year, month, day = (int(g) if g else None for g in iso.groups())
        assert year is not None
        return year, month, day
    found = find_date(text)
    if found is not None:
        d = found[0]
        return d.year, d.month, d.day
    readings = [
        dateparser.parse(text, languages=_LANGS, settings={"STRICT_PARSING": True, "RELATIVE_BASE": base})
        for base in _BASES
    ]
    first = readings[0]
    if first is None:
        return "not a recognisable date"
    if any(r != first for r in readings):
        return "a relative date with nothing to anchor it"
    return first.year, first.month, first.day


def _invalid(year: int, month: int | None, day: int | None) -> str | None:
    if not YEARS[0] <= year <= YEARS[1]:
        return f"out of range (years {YEARS[0]} to {YEARS[1]})"
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return "not a calendar date"
    return None
