"""Reading an article: one spaCy pass, then actors, roles, dates, quotes and attitudes from it.

Runs in the analysis workers, over a chunk of articles at a time with `nlp.pipe`,
so the model is loaded once per process and batched. Everything returned is a
plain record with body offsets (records.py); nothing spaCy leaves the
worker.

Long bodies are read in segments cut at paragraph ends: spaCy's memory grows with
the length of a Doc, and a 10 MB "article" (a feed dump, a book) must not take a
worker down. Every offset is shifted back to the body's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar

from storyline.analyze import nlp
from storyline.analyze.actors import mentions as actors
from storyline.analyze.dates import timex
from storyline.analyze.speech import quotes
from storyline.model import Article
from storyline.records import Attitude, Mention, Quote, Reading, Role

SEGMENT_CHARS = 50_000  # longest text handed to spaCy at once (about 8,000 words)
BATCH = 16  # texts per nlp.pipe batch


def anchor_of(article: Article) -> date | None:
    """The publication day relative dates resolve against; none unless the day is known."""
    published = article.published
    if published is None or published.precision != "day":
        return None
    try:
        return date.fromisoformat(published.value[:10])
    except ValueError:
        return None


def read(articles: Sequence[Article]) -> list[Reading]:
    """Read a chunk of articles with one `nlp.pipe` over all their segments."""
    model = nlp.load()
    pieces = [(i, offset, text) for i, a in enumerate(articles) for offset, text in segments(a.body)]
    parts: list[list[tuple[int, Piece]]] = [[] for _ in articles]
    docs = model.pipe((text for _, _, text in pieces), batch_size=BATCH)
    for (i, offset, _), doc in zip(pieces, docs, strict=True):
        mentions = actors.find_mentions(doc)
        piece = Piece(
            sentences=[(s.start_char, s.end_char) for s in doc.sents],
            mentions=mentions,
            roles=actors.find_roles(doc, mentions),
            speech=quotes.find_speech(doc, mentions),
        )
        parts[i].append((offset, piece))
    return [_assemble(article, part) for article, part in zip(articles, parts, strict=True)]


@dataclass(frozen=True, slots=True)
class Piece:
    """What one segment gave, in the segment's own offsets."""

    sentences: list[tuple[int, int]]
    mentions: list[Mention]
    roles: list[Role]
    speech: tuple[list[Quote], list[Attitude]]


def segments(body: str, limit: int = SEGMENT_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, text) pieces of at most `limit` characters, cut after a paragraph (or,
    in a paragraph that long, after a sentence-ending mark or a space)."""
    start = 0
    while len(body) - start > limit:
        window = body[start : start + limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < limit // 2:
            cut = max(window.rfind(". "), window.rfind(" "))
        cut = cut + 1 if cut > 0 else limit
        yield start, body[start : start + cut]
        start += cut
    if start < len(body) or not body:
        yield start, body[start:]


def _assemble(article: Article, parts: list[tuple[int, Piece]]) -> Reading:
    spans: list[tuple[int, int]] = []
    mentions: list[Mention] = []
    roles: list[Role] = []
    found: list[Quote] = []
    held: list[Attitude] = []
    for offset, piece in parts:
        base_sentence, base_mention = len(spans), len(mentions)
        spans += [(offset + s, offset + e) for s, e in piece.sentences]
        mentions += [
            replace(m, start=m.start + offset, end=m.end + offset, sentence=m.sentence + base_sentence)
            for m in piece.mentions
        ]
        roles += [
            replace(r, mention=r.mention + base_mention, start=r.start + offset, end=r.end + offset)
            for r in piece.roles
        ]
        found += [_shift(q, offset) for q in piece.speech[0]]
        held += [_shift(a, offset) for a in piece.speech[1]]
    dates = timex.find_time_expressions(article.body, anchor_of(article))
    return Reading(article.id, timex.dated_sentences(spans, dates), mentions, roles, dates, found, held)


_Ascribed = TypeVar("_Ascribed", Quote, Attitude)


def _shift(record: _Ascribed, offset: int) -> _Ascribed:
    """A quote or attitude from a segment, in the body's offsets (its speaker's or holder's too)."""
    if not offset:
        return record
    names = ("start", "end", "speaker_start", "speaker_end", "holder_start", "holder_end")
    moved = {n: getattr(record, n) + offset for n in names if getattr(record, n, None) is not None}
    return replace(record, **moved)
