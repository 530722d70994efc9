"""The records every stage passes along: what a reader found, and the stored Article.

The Article is deliberately flat and immutable: later stages (analysis, corpus,
report) never rewrite it, they add rows of their own that point into its body by
character offsets. That is why the body and its paragraph offsets are fixed here,
at ingest, and the id is derived from the body alone.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

Precision = Literal["day", "month", "year"]

PARAGRAPH_SEPARATOR = "\n\n"

# Typographic variants that copies of one text differ by without being different texts.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": "",
    }
)
_SPACE = re.compile(r"\s+")


def normalize_body(text: str) -> str:
    """Fold the differences that do not make a new text: Unicode form, quote and
    dash styles, case and white space. Two bodies equal here are one article."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return _SPACE.sub(" ", text).strip().casefold()


def article_id(body: str) -> str:
    """A stable id: re-ingesting the same text, from anywhere, is a no-op."""
    return hashlib.sha256(normalize_body(body).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class PublishedDate:
    """A publication date as precise as the evidence allows, and where it came from."""

    value: str  # ISO 8601, truncated to the precision: 2025-06-02, 2025-06 or 2025
    precision: Precision
    origin: str  # e.g. "crawl-header", "byline", "dateline", "html-meta", "feed", "jsonl"

    @classmethod
    def from_parts(cls, year: int, month: int | None, day: int | None, origin: str) -> PublishedDate:
        if month is None:
            return cls(f"{year:04d}", "year", origin)
        if day is None:
            return cls(f"{year:04d}-{month:02d}", "month", origin)
        return cls(f"{year:04d}-{month:02d}-{day:02d}", "day", origin)


@dataclass(frozen=True)
class Outlet:
    """Who published the text, and the evidence for it (a URL's site, a credit, metadata)."""

    name: str
    origin: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph's place in the body: later stages point into it by offset."""

    start: int
    end: int


@dataclass
class Draft:
    """What a reader made of one input, before the pipeline fills in what all
    readers share (id, offsets, language, outlet resolution)."""

    source: str
    reader: str
    paragraphs: list[str]
    raw: bytes
    url: str | None = None
    title: str | None = None
    author: str | None = None
    outlet: Outlet | None = None
    published: PublishedDate | None = None
    language: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # what the reader dropped: each becomes a Notice


@dataclass(frozen=True)
class Article:
    """A clean article, as stored. See docs/architecture.md for the columns."""

    id: str
    source: str
    reader: str
    body: str
    paragraphs: tuple[Paragraph, ...]
    raw: bytes | None  # None when loaded from a store: fetch it by raw_sha256
    url: str | None
    title: str | None
    author: str | None
    outlet: Outlet | None
    published: PublishedDate | None
    language: str | None
    extra: dict[str, Any]
    raw_sha256: str | None = None
    ingested_at: str | None = None

    def paragraph_text(self, index: int) -> str:
        span = self.paragraphs[index]
        return self.body[span.start : span.end]


_REASON_MAX = 300


def printable(text: str, limit: int | None = _REASON_MAX) -> str:
    """One line of printable text, whatever bytes a reason quotes from its input.

    A reason often quotes the input (a parser's message, a WARC's first line, a file
    name): raw control characters there would reach the user's terminal (ESC starts a
    terminal command) and the store. A white-space character becomes a space; every other
    character that is not printable is shown as its escape (`\\x1b`, `\\u202e`), so the
    reason still says which byte was there. `limit` bounds the length."""
    if limit is not None:
        text = text[: limit * 2]
    shown = []
    for ch in text:
        if ch.isprintable():
            shown.append(ch)
        elif ch.isspace():
            shown.append(" ")
        else:
            code = ord(ch)
            shown.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    line = "".join(shown)
    if limit is not None and len(line) > limit:
        line = line[: limit - 1] + "…"
    return line


@dataclass(frozen=True)
class Rejection:
    """An input that did not become an article, with the one-line reason a user reads.

    Source and reason are made printable here, the one place every rejection passes
    through, so no reader can forget to (see `printable`)."""

    source: str
    reason: str
    reader: str | None = None
    raw: bytes | None = None  # None when the input was too large to keep

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", printable(self.source, None))
        object.__setattr__(self, "reason", printable(self.reason))

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Notice:
    """A problem worked around (a guessed encoding, a feed that parsed with errors, a
    publication date dropped): the article is stored, the user is told. Printable like
    a Rejection's reason."""

    source: str
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", printable(self.source, None))
        object.__setattr__(self, "message", printable(self.message))

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"
