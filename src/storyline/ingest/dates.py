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


@lru_cache(maxsize=4096)
def _parse_candidate(candidate: str) -> date | None:
    """dateparser is the slow part: the same printed date recurs across a corpus."""
    parsed = dateparser.parse(candidate, languages=_LANGS, settings=_SETTINGS)
    return parsed.date() if parsed is not None and 1900 <= parsed.year <= 2100 else None


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
    The rest of the line is checked before the date is parsed: most lines are not dates."""
    for match in _candidates(line):
        rest = (line[: match.start()] + " " + line[match.end() :]).lower()
        rest = re.sub(r"\b(published|updated|posted|last|modified|on|at|am|pm|gmt|utc|[a-z]{3,4}t)\b", " ", rest)
        if re.sub(r"[\d:|,.\-–—/()\s]+", " ", rest).strip():
            continue
        parsed = _parse_candidate(match.group(0))
        if parsed is not None:
            return parsed
    return None


def parse_published(value: object, origin: str) -> PublishedDate | None:
    """A date from structured metadata: ISO strings of any precision, datetimes,
    struct_time tuples (feedparser), or free text as a last resort."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return PublishedDate.from_parts(value.year, value.month, value.day, origin)
    if isinstance(value, date):
        return PublishedDate.from_parts(value.year, value.month, value.day, origin)
    if isinstance(value, tuple) and len(value) >= 3:  # time.struct_time
        return PublishedDate.from_parts(int(value[0]), int(value[1]), int(value[2]), origin)
    text = str(value).strip()
    iso = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?", text)
    if iso:
        year, month, day = (int(g) if g else None for g in iso.groups())
        assert year is not None
        if _valid(year, month, day):
            return PublishedDate.from_parts(year, month, day, origin)
        return None
    found = find_date(text)
    if found is not None:
        d = found[0]
        return PublishedDate.from_parts(d.year, d.month, d.day, origin)
    parsed = dateparser.parse(text, languages=_LANGS, settings={"STRICT_PARSING": True})
    if parsed is not None:
        return PublishedDate.from_parts(parsed.year, parsed.month, parsed.day, origin)
    return None


def _valid(year: int, month: int | None, day: int | None) -> bool:
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return False
    return 1900 <= year <= 2100
