"""A story's brief: a short account in sentences taken from its articles, each with its sources.

Sentences are chosen for what the coverage as a whole says, not for one article's lead: the
candidates are the story's timeline entries and corroborated claims, scored by how many
independent outlets tell them (a happening ten outlets report matters more than one an
article mentions in passing), with the story's own days before background from years ago.
A sentence too like one already chosen (their words overlap by `REDUNDANT` or more, or
they come from the same sentence) is skipped, and the choice stops at the word budget. The
chosen sentences are then told in the order of what they report. A sentence only one
independent source gives is marked `single_source`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from storyline.corpus.accounts import terms
from storyline.service.timeline import ClaimView, SourceView, TimelineEntryView

WORDS = 200
REDUNDANT = 0.4
BACKGROUND_DAYS = 60  # an entry this long before the story's first day is background: one at most


@dataclass(frozen=True)
class BriefSentence:
    text: str
    date: str | None
    sources: list[SourceView]
    independent_sources: int

    @property
    def single_source(self) -> bool:
        return self.independent_sources < 2

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "date": self.date,
            "sources": [s.as_dict() for s in self.sources],
            "independent_sources": self.independent_sources,
            "single_source": self.single_source,
        }


@dataclass(frozen=True)
class BriefQuote:
    speaker: str
    text: str
    sources: list[SourceView]
    independent_sources: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "text": self.text,
            "sources": [s.as_dict() for s in self.sources],
            "independent_sources": self.independent_sources,
        }


@dataclass(frozen=True)
class BriefActor:
    id: int
    name: str
    roles: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "roles": self.roles}


@dataclass(frozen=True)
class Brief:
    story: int
    title: str | None
    start: str | None
    end: str | None
    articles: int
    independent_sources: int
    sentences: list[BriefSentence]
    actors: list[BriefActor] = field(default_factory=list)
    corroborated: list[ClaimView] = field(default_factory=list)
    contested: list[ClaimView] = field(default_factory=list)
    quotes: list[BriefQuote] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "story": self.story,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "sentences": [s.as_dict() for s in self.sentences],
            "actors": [a.as_dict() for a in self.actors],
            "corroborated": [c.as_dict() for c in self.corroborated],
            "contested": [c.as_dict() for c in self.contested],
            "quotes": [q.as_dict() for q in self.quotes],
        }


@dataclass
class _Candidate:
    text: str
    date: str | None
    sources: list[SourceView]
    independent: int
    score: float
    background: bool


def choose(
    entries: Sequence[TimelineEntryView],
    claims: Sequence[ClaimView],
    first_day: str | None,
    words: int = WORDS,
    members: frozenset[str] = frozenset(),
) -> list[BriefSentence]:
    """The brief's sentences: the best-supported happenings and claims, no two alike, within `words`.
    A claim is placed on the first day the story's own articles (`members`) give it."""
    candidates = [_of_entry(e, first_day) for e in entries]
    candidates += [_of_claim(c, members) for c in claims if c.status == "corroborated"]
    candidates.sort(key=lambda c: (-c.score, c.date or "", c.text))
    chosen: list[_Candidate] = []
    used: set[tuple[str, int]] = set()
    budget = words
    background = 0
    for c in candidates:
        if not readable(c.text):
            continue
        n = len(c.text.split())
        if n > budget and chosen:
            continue
        spots = {(s.article, s.start) for s in c.sources}
        if spots & used or any(_overlap(c.text, o.text) >= REDUNDANT for o in chosen):
            continue
        if c.background and background >= 1:
            continue
        chosen.append(c)
        used |= spots
        background += c.background
        budget -= n
        if budget <= 0:
            break
    chosen.sort(key=lambda c: (c.date or "9999", -c.independent))
    return [BriefSentence(c.text, c.date, _one_per_article(c.sources), c.independent) for c in chosen]


def readable(text: str) -> bool:
    """A sentence a reader can take alone: it opens as a sentence does, and every quotation it opens it
    closes (the sentence splitter leaves the tail of a long quote as a sentence of its own)."""
    if not text[:1].isupper() and text[:1] not in "\"“‘'":
        return False
    curly = text.count("“") == text.count("”")
    straight = text.count('"') % 2 == 0
    return curly and straight


def _of_entry(e: TimelineEntryView, first_day: str | None) -> _Candidate:
    background = bool(first_day) and e.end < _minus_days(first_day or "", BACKGROUND_DAYS)
    score = 3.0 * e.independent_sources + 0.5 * len({s.article for s in e.sources})
    score += 1.0 if e.precision == "day" else 0.0
    score -= 2.0 if background else 0.0
    return _Candidate(e.text, e.date or e.start, e.sources, e.independent_sources, score, background)


def _of_claim(c: ClaimView, members: frozenset[str]) -> _Candidate:
    days = sorted(s.date for s in c.sources if s.date and (not members or s.article in members))
    score = 3.0 * c.independent_sources + (1.0 if c.kind != "statement" else 0.0)
    return _Candidate(c.text, days[0] if days else None, c.sources, c.independent_sources, score, False)


def _overlap(a: str, b: str) -> float:
    x, y = set(terms(a)), set(terms(b))
    return len(x & y) / min(len(x), len(y)) if x and y else 0.0


def _one_per_article(sources: Sequence[SourceView]) -> list[SourceView]:
    seen: dict[str, SourceView] = {}
    for s in sources:
        seen.setdefault(s.article, s)
    return list(seen.values())


def _minus_days(day: str, n: int) -> str:
    try:
        return (date.fromisoformat(day[:10]) - timedelta(days=n)).isoformat()
    except ValueError:
        return ""
