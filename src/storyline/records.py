"""What the analysis stages extract, as plain records: the ground floor every layer may import.

Every reading record carries character offsets into `Article.body`, so any output (an entity's
alias, a resolved date, a quote) can point back to the exact words it came from. The
records are produced in worker processes and pickled back, so they hold no spaCy objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

# Actor types. spaCy's OntoNotes labels, narrowed to what an actor can be.
PERSON, ORG, GPE, LOC, FAC, NORP = "PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"
ACTOR_LABELS = frozenset({PERSON, ORG, GPE, LOC, FAC, NORP})


@dataclass(frozen=True, slots=True)
class Mention:
    """One naming of an actor in the text: "Defence Minister Rustem Umerov" gives the mention
    "Rustem Umerov" with `title` "Defence Minister"."""

    start: int
    end: int
    text: str  # as printed, without the title
    label: str  # one of ACTOR_LABELS
    title: str | None = None  # an honorific or office printed right before the name
    sentence: int = -1  # index of the sentence in the article


@dataclass(frozen=True, slots=True)
class Role:
    """An office or function the text gives a mention ("an aide to Mr Putin")."""

    mention: int  # index into the article's mentions
    text: str  # the role as printed, normalised to a noun phrase ("aide to Mr Putin")
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A temporal expression and its TIMEX3-style value resolved against an anchor date."""

    start: int
    end: int
    text: str
    value: str  # ISO 8601 / TIMEX3: "2025-06-01", "2025-05", "2025-W22", "P18M", "PRESENT_REF", "XXXX-06-01"
    kind: str  # "date", "time", "duration" or "set"
    precision: (
        str  # "day", "month", "year", "week", "weekend", "time", "decade", "century", "season", "quarter", "unknown"
    )


@dataclass(frozen=True, slots=True)
class Quote:
    """Reported speech with its speaker as the text names it."""

    start: int  # offsets of the quoted words (direct: inside the marks) or of the reported clause
    end: int
    text: str
    kind: str  # "direct" or "indirect" (inside `quotes.find_attributions`, an attitude carries its kind here)
    speaker: str | None  # as printed ("Mr Sybiha", "he" resolved to a name) or "unnamed: a source in the team"
    speaker_start: int | None = None  # offsets of the speaker's words in the text (the name it resolved to)
    speaker_end: int | None = None
    cue: str | None = None  # the reporting verb or phrase ("said", "according to")


ATTITUDE_KINDS = ("belief", "intention", "stance", "topic")


@dataclass(frozen=True, slots=True)
class Attitude:
    """A belief, intention, stance or topic the text ascribes to a holder ("Lee wants to run",
    "Lee endorsed Cruz"): not their words, so not a quote."""

    start: int  # offsets of the content (the clause, infinitive or object)
    end: int
    text: str
    kind: str  # "belief", "intention", "stance" or "topic"
    holder: str  # as printed, resolved like a speaker
    holder_start: int | None = None
    holder_end: int | None = None
    cue: str | None = None  # the verb ("wants", "endorsed")


READING_VERSION = 3  # bump when what a reading extracts changes: `storyline analyze` then rereads


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    date: str | None  # what the sentence reports is dated: the first resolved date in it


@dataclass(frozen=True, slots=True)
class Reading:
    """Everything read from one article: what the store keeps of the spaCy pass."""

    article_id: str
    sentences: list[Sentence]
    mentions: list[Mention]
    roles: list[Role]
    dates: list[TimeExpression]
    quotes: list[Quote]
    attitudes: list[Attitude] = field(default_factory=list)


# -- per-article signals for copies and stories (analyze/signals) -----------------


@dataclass(frozen=True)
class Features:
    """The features of one article that every cross-article comparison reads."""

    words: int
    word_key: str
    shingles: int
    minhash: np.ndarray  # uint32[NUM_PERM]
    skeleton: tuple[str, ...]
    skeleton_hash: np.ndarray  # uint32[NUM_PERM]
    terms: dict[str, dict[str, int]]  # "body", "title", "names" -> term counts


@dataclass(frozen=True)
class Evidence:
    """A phrase that reads as a rewriting tool's synonym swap ("Air Pressure One")."""

    phrase: str
    likely: str | None
    signal: str
    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "phrase": self.phrase,
            "likely": self.likely,
            "signal": self.signal,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class ParaphraseFlag:
    flag: bool
    score: float
    evidence: list[Evidence] = field(default_factory=list)


# -- across articles (corpus) ------------------------------------------------------


@dataclass(frozen=True)
class CopyLink:
    original_id: str
    kind: str  # exact | near-duplicate | paraphrase
    score: float
    evidence: dict[str, Any] = field(default_factory=dict)
