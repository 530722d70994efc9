"""A story's timeline: its dated happenings, each told once with every article that tells it.

An entry's date is the date of the happening, not of the article: the resolved date of its
sentence (the reading's time expressions, resolved against the publication day or the day the
anchors stage inferred). A lead sentence without a date reports the article's day unless it
looks ahead ("will", "is set to"): that is how news opens. Sentences telling the same
happening (the same day, or a month or year that holds it, and the same words and actors)
are one entry, so "talks on 16 May" and "a first round of talks in Istanbul last month
yielded a prisoner exchange", printed two weeks later, are sources of one mid-May entry.

An entry's text is one sentence taken from the articles (the one most like the others, an
original's before a copy's), trimmed of a trailing attribution (", the Kremlin said.")
where that leaves a sentence; its sources are every sentence that tells it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from storyline.corpus.accounts import Group, Told, Weights, group, independent, item_id, refs, representative, terms

JOIN = 0.15  # weighted overlap for two sentences of one day to tell one happening
JOIN_COARSE = 0.15  # a month or a year said of it ("last month"), against the day group's first telling
MIN_WORDS, MAX_WORDS = 5, 80  # shorter is a fragment or a heading; longer, a run-on the reader cannot use
_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T.*)?")
_MONTH = re.compile(r"(\d{4})-(\d\d)")
_YEAR = re.compile(r"(\d{4})")
_WEEK = re.compile(r"(\d{4})-W(\d\d)(-WE)?")
_CLAUSE = re.compile(r"\s*(?:[,;:—–(]|\s-\s|\bbut\b|\bwhich\b|\bwhile\b|\bwhereas\b|\bafter\b|\bsince\b)\s*")
_AHEAD = re.compile(
    r"\b(?:will|would|shall|is to|are to|(?:is|are) (?:set|expected|due|scheduled|poised) to|plans? to|"
    r"intends? to|next (?:week|month|year))\b",
    re.I,
)
_TRAILING = re.compile(
    r",\s*(?:according to [^,.]{2,60}|(?:he|she|they|it|we|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4}|"
    r"(?:the|a|an) [\w'’ -]{2,40}?)\s+(?:said|says|told [A-Z][\w.]*|added|stated|reported|announced|noted)"
    r"(?:\s+on\s+\w+|\s+in a statement|\s+on Telegram)?)\s*\.[\"”]?$"
)


@dataclass(frozen=True)
class When:
    """The span of days a date names, and how precisely."""

    start: date
    end: date
    precision: str  # day | month | year | range

    @property
    def value(self) -> str | None:
        """ISO, truncated to the precision; None for a range (see `start` and `end`)."""
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return self.start.isoformat()[:7]
        if self.precision == "year":
            return str(self.start.year)
        return None

    def holds(self, other: When) -> bool:
        return self.start <= other.start and other.end <= self.end


def when_of(value: str | None) -> When | None:
    """The days a resolved TIMEX value names: a day (a time of day counts as its day), a month, a year,
    a week or a weekend; None for anything else (durations, references, unresolved weekdays)."""
    if not value:
        return None
    try:
        if m := _DAY.fullmatch(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return When(d, d, "day")
        if m := _WEEK.fullmatch(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return (
                When(monday + timedelta(days=5), monday + timedelta(days=6), "range")
                if m[3]
                else When(monday, monday + timedelta(days=6), "range")
            )
        if m := _MONTH.fullmatch(value):
            first = date(int(m[1]), int(m[2]), 1)
            nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return When(first, nxt - timedelta(days=1), "month")
        if m := _YEAR.fullmatch(value):
            return When(date(int(m[1]), 1, 1), date(int(m[1]), 12, 31), "year")
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class Entry:
    id: str
    story: int | None  # the story most of its sources belong to
    stories: tuple[int, ...]  # every story a source belongs to
    when: When
    text: str
    entities: tuple[int, ...]
    sources: list[dict[str, str | int]]
    independent: int


def happenings(t: Told) -> list[tuple[When, int | None]]:
    """The dates of what a sentence reports: each date it gives ("since the invasion in 2022" is a
    source for 2022 too), and for a lead sentence that does not look ahead and gives no day near
    its article's, that day: news opens with the day's news."""
    n = len(t.text.split())
    if n < MIN_WORDS or n > MAX_WORDS:
        return []
    found: dict[When, int | None] = {}
    for offset, value in t.dates:
        w = when_of(value)
        if w is not None:
            found.setdefault(w, offset)
    if t.lead and t.day is not None and not _AHEAD.search(t.text):
        near = any(w.precision == "day" and abs((w.start - t.day).days) <= 1 for w in found)
        if not near:
            found.setdefault(When(t.day, t.day, "day"), None)
    return list(found.items())


def clause(t: Told, offset: int) -> str:
    """The clause of a sentence around one of its dates: what that date is the date of."""
    at = offset - t.start
    cuts = [m.end() for m in _CLAUSE.finditer(t.text) if m.end() <= at]
    left = max(cuts, default=0)
    right = next((m.start() for m in _CLAUSE.finditer(t.text, at) if m.start() > at), len(t.text))
    return t.text[left:right]


def build(told: Sequence[Told], year: int | None = None, weights: Weights | None = None) -> list[Entry]:
    """The timeline entries these sentences tell (of `year` only, if given), earliest first."""
    weights = weights or Weights(told)
    items: list[Dated] = []
    for t in told:
        found = happenings(t)
        for w, offset in found:
            if year is not None and w.start.year != year:
                continue
            # a sentence with several dates tells several happenings: each is compared by its own clause
            words = terms(clause(t, offset)) if len(found) > 1 and offset is not None else t.words
            items.append(Dated(replace(t, words=words), w))
    order = {"day": 0, "range": 1, "month": 2, "year": 3}
    items.sort(
        key=lambda d: (
            order[d.when.precision],
            d.when.start,
            d.told.copy,
            d.told.day or date.max,
            d.told.idx,
            d.told.article,
        )
    )
    when = {id(d.told): d.when for d in items}

    def fits(g: Group, t: Told) -> bool:
        mine, theirs = when[id(t)], when[id(g.members[0])]
        if mine.precision == theirs.precision == "day":
            return mine == theirs
        if not mine.holds(theirs):
            return False
        return mine.precision == "day" or weights.similarity(t, g.members[0]) >= JOIN_COARSE

    groups = group([d.told for d in items], weights, JOIN, fits)
    entries = [_entry(g, when[id(g.members[0])], weights) for g in groups]
    return sorted(entries, key=lambda e: (e.when.start, -e.independent, e.id))


@dataclass(frozen=True)
class Dated:
    """One telling of a dated happening: a sentence (a copy of its own per date) and one of its dates."""

    told: Told
    when: When


def _entry(g: Group, when: When, weights: Weights) -> Entry:
    def main_date(t: Told) -> float:
        """A sentence that gives the entry's date as precisely tells it best; one that is mostly about
        another date (a lead recalling a past year) less."""
        whens = [w for _, v in t.dates if (w := when_of(v)) is not None]
        exact = 5.0 if when in whens else 0.0
        return exact - (3.0 if any(w != when for w in whens) else 0.0)

    rep = representative(g, weights, main_date)
    counts: Counter[int] = Counter(e for m in g.members for e in m.entities)
    stories: Counter[int] = Counter(m.story for m in g.members if m.story is not None)
    entities = tuple(sorted(e for e, n in counts.items() if e in rep.entities or n * 2 > len(g.members)))
    return Entry(
        id=item_id("t", when.start.year, g.members[0], when.start.isoformat()),
        story=stories.most_common(1)[0][0] if stories else None,
        stories=tuple(sorted(stories)),
        when=when,
        text=trim(rep.text),
        entities=entities,
        sources=refs(g.members),
        independent=independent(g.members),
    )


def trim(text: str) -> str:
    """The sentence without a trailing attribution (", the Kremlin said."), when a sentence is left."""
    m = _TRAILING.search(text)
    if m is None:
        return text
    kept = text[: m.start()].rstrip()
    if len(kept.split()) < MIN_WORDS:
        return text
    return kept + "."
