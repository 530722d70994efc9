"""The state a resolver reads, and the small conversions every resolver shares.

Kept apart from the rules so that the date rules and the duration/set/time rules can live
in separate files without importing each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from storyline import data
from storyline.analyze.dates import resolve as cal
from storyline.analyze.dates.patterns import lexicon, number_words

Resolved = tuple[str, str] | None  # (value, kind)


@dataclass
class Context:
    """What a resolver may read: the text, the anchor, and the last day the text named (for "the next day")."""

    text: str
    anchor: date | None
    ref: date | None = None
    ref_pos: int = -1
    ref_start: int = -1
    _tense: dict[int, str] = field(default_factory=dict)

    def tense(self, m: re.Match[str]) -> str:
        if m.start() not in self._tense:
            self._tense[m.start()] = cal.tense(self.text, m.start(), m.end())
        return self._tense[m.start()]

    def event_tense(self, m: re.Match[str]) -> str:
        """The tense of a date naming a scheduled event ("the November election"): only its own clause
        counts, a reporting verb tells when something was said, not when the event is. Other dates: `tense`."""
        if not names_event(self.text, m.end()):
            return self.tense(m)
        return cal.tense(self.text, m.start(), m.end(), ignore=cal.REPORTING)

    def same_sentence_ref(self, start: int, end: int) -> date | None:
        """The day named earlier in the same sentence, if any ("Monday's talks come a day after ...")."""
        if self.ref is None or self.ref_pos > start:
            return None
        return self.ref if cal.sentence_bounds(self.text, start, end)[0] <= self.ref_start else None

    def reference(self, start: int) -> date | None:
        """The last day named shortly before (same passage), else the anchor."""
        if self.ref is not None and start - self.ref_pos < 250:
            return self.ref
        return self.anchor


_WORDS_AFTER = re.compile(r"(?:['’]s)?((?:[ \t]+[\w-]+){1,3})")
_NOT_MODIFIERS = frozenset({"the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "for", "that", "this", "when"})


def names_event(text: str, end: int) -> bool:
    """Whether the words after a date are a scheduled event's noun, with at most two modifiers between ("the
    November midterm elections", "the June G7 summit"; not "in June the summit")."""
    after = _WORDS_AFTER.match(text, end)
    for word in after.group(1).split() if after else []:
        if word.lower() in scheduled_events():
            return True
        if word.lower() in _NOT_MODIFIERS:
            return False
    return False


@cache
def scheduled_events() -> frozenset[str]:
    """Nouns of events held on a calendar, lower-cased (`data/dates/scheduled_events.txt`)."""
    return frozenset(word.lower() for word in data.lines("dates", "scheduled_events.txt"))


def group(m: re.Match[str], name: str) -> str | None:
    return m.groupdict().get(name)


def month_number(word: str) -> int:
    lex = lexicon()
    word = word.rstrip(".")
    return int(lex["month"].get(word) or lex["month_abbr"].get(word) or lex["month_abbr"][word + "."])


def weekday_number(word: str) -> int:
    return int(lexicon()["weekday"][word])


def count(word: str) -> int | float | None:
    word = re.sub(r"\s+", " ", word.strip().lower())
    fraction = re.fullmatch(r"(\d+)\s*(?:1/2|½)", word)
    if fraction:
        return int(fraction.group(1)) + 0.5
    if word in number_words():
        return number_words()[word]
    if word in lexicon()["vague_number"]:
        return None
    num = float(word.replace(",", ""))
    return int(num) if num.is_integer() else num


def iso_day(d: date) -> str:
    return d.isoformat()


def full_year(year: str) -> int:
    y = int(year)
    if len(year) == 2:
        return 1900 + y if y >= 50 else 2000 + y
    return y


PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}


def shift(ref: date, unit: str, n: int | float) -> str:
    """ref moved by n units, printed at the unit's granularity (TIMEX3 gives "two years ago" as a year)."""
    k = int(n)
    if unit == "day":
        return iso_day(ref + timedelta(days=k))
    if unit == "week":
        return cal.iso_week(ref + timedelta(weeks=k))
    if unit == "month":
        y, mo = cal.add_months(ref.year, ref.month, k)
        return f"{y}-{mo:02d}"
    if unit == "quarter":
        y, mo = cal.add_months(ref.year, ref.month, 3 * k)
        return f"{y}-Q{(mo - 1) // 3 + 1}"
    if unit == "decade":
        return str((ref.year + 10 * k) // 10)
    if unit == "century":
        return str((ref.year + 100 * k) // 100)
    return str(ref.year + k)
