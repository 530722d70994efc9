"""Reported speech: direct quotes (the words inside quote marks) and indirect ones (the clause a
reporting verb governs), each with its speaker.

Quote marks are found on the characters, not on spaCy's tokens: the parser often splits a
sentence at a quote mark, while the marks themselves are unambiguous (curly) or pair up within a
paragraph (straight). A quote running over several paragraphs (an opening mark at the start of each,
one closing mark at the end) is kept as one segment per paragraph sharing one speaker, so every
segment's offsets stay exact.

A direct quote's speaker is found by `directspeaker` (the reporting verb next to the quote, the
verb governing a partial quote, a byline, a colon), an indirect one's by its verb's subject.
Speakers are resolved in text order so that "he said" can lean on the previous quote's speaker
(see `speakers.Resolver`). Attitudes ("X wants ...", `attitudes`) come from the same pass and
share the resolver.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storyline.analyze.speech import attitudes
from storyline.analyze.speech.direct import direct_speaker, paragraph_subject
from storyline.analyze.speech.indirect import reported_clauses, turns
from storyline.analyze.speech.marks import MIN_UNATTRIBUTED_WORDS, Segment, quote_segments
from storyline.analyze.speech.speakers import Resolver, Speaker, reporting_verbs, speaker_of_cue
from storyline.records import Attitude, Mention, Quote

SPEECH = ("direct", "indirect")  # Quote kinds; an attribution of another kind is an attitude
_TITLE_SMALL_WORDS = frozenset(
    ["a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from"]
)


@dataclass(frozen=True, slots=True)
class Attribution:
    """A quote with what the benchmark needs besides it: the subject as printed (before a pronoun
    is resolved) and the cue's offsets (segments of one split quote share them)."""

    quote: Quote
    source_start: int | None
    source_end: int | None
    cue_start: int | None
    cue_end: int | None


def find_quotes(doc: Doc, mentions: Sequence[Mention]) -> list[Quote]:
    """Direct and indirect quotes of an article, in text order, each with its speaker."""
    return find_speech(doc, mentions)[0]


def find_speech(doc: Doc, mentions: Sequence[Mention]) -> tuple[list[Quote], list[Attitude]]:
    """Quotes (direct, indirect) and attitudes, from one pass (they share the speakers)."""
    quotes: list[Quote] = []
    found: list[Attitude] = []
    for a in find_attributions(doc, mentions):
        q = a.quote
        if q.kind in SPEECH:
            quotes.append(q)
        else:
            found.append(
                Attitude(q.start, q.end, q.text, q.kind, q.speaker or "", q.speaker_start, q.speaker_end, q.cue)
            )
    return quotes, found


def find_attributions(doc: Doc, mentions: Sequence[Mention]) -> list[Attribution]:
    """Quotes and attitudes (`Quote.kind` then names the attitude), each with its printed source and
    cue offsets (what the evaluation needs)."""
    text = doc.text
    segments = quote_segments(text)
    resolver = Resolver(doc, mentions, [(s.start - 1, s.end + 1) for s in segments], text)
    verbs = reporting_verbs()
    jobs: list[tuple[int, str, object]] = [(s.start, "direct", s) for s in segments]
    clauses = reported_clauses(doc, resolver)
    jobs.extend((clause.start_char, "indirect", (cue, clause)) for cue, clause in clauses)
    jobs.sort(key=lambda j: j[0])
    found: list[tuple[Segment, Token | None, Speaker | None]] = []
    out: list[Attribution] = []
    for _, kind, job in jobs:
        if kind == "direct":
            assert isinstance(job, Segment)
            cue, speaker = direct_speaker(doc, job, resolver, verbs)
            if speaker is not None:
                resolver.remember(cue.idx if cue is not None else job.start, speaker)
            found.append((job, cue, speaker))
        else:
            assert isinstance(job, tuple)
            cue_tok, clause = job
            speaker = speaker_of_cue(cue_tok, resolver)
            if speaker is not None:
                out.append(
                    _attribution(clause.start_char, clause.end_char, text, "indirect", speaker, cue_tok, resolver)
                )
    out.extend(_direct_attributions(doc, found, resolver))
    taken = {cue.i for cue, _ in clauses}
    for cue, content, kind, holder in attitudes.find_attitudes(doc, resolver, taken):
        out.append(
            _attribution(content.start_char, content.end_char, text, kind, holder, cue, resolver, remember=False)
        )
    for colon, content, speaker, verbatim in turns(doc, resolver):
        kind = "direct" if verbatim else "indirect"
        out.append(_attribution(content.start_char, content.end_char, text, kind, speaker, colon, resolver))
    out.sort(key=lambda a: (a.quote.start, a.quote.end))
    return out


def _direct_attributions(
    doc: Doc, found: list[tuple[Segment, Token | None, Speaker | None]], resolver: Resolver
) -> list[Attribution]:
    """Segments without a cue of their own take their multi-paragraph quote's speaker, or that of
    the quote right before them when they open a paragraph or follow it in the same one."""
    by_group: dict[int, tuple[Token | None, Speaker]] = {}
    for seg, cue, speaker in found:
        if speaker is not None:
            by_group.setdefault(seg.group, (cue, speaker))
    out: list[Attribution] = []
    previous: tuple[Segment, Token | None, Speaker | None] | None = None
    for seg, cue, speaker in found:
        if speaker is None and seg.group in by_group:
            cue, speaker = by_group[seg.group]
        if speaker is None and previous is not None and _continuing(doc, seg, resolver, previous[0]):
            cue, speaker = previous[1], previous[2]
        if speaker is None:
            speaker = paragraph_subject(doc, seg, resolver)
        previous = (seg, cue, speaker)
        words = resolver.text[seg.start : seg.end].split()
        if (speaker is None and len(words) < MIN_UNATTRIBUTED_WORDS) or is_title(words):
            continue
        if len(words) == 1 and words[0][-1:].isalnum():  # a scare-quoted word; “Yes,” keeps its comma
            continue
        out.append(_attribution(seg.start, seg.end, resolver.text, "direct", speaker, cue, resolver, remember=False))
    return out


def is_title(words: Sequence[str]) -> bool:
    """A show, a book, a slogan: “Meet the Press”, “Make America Great Again”. Quote marks around a
    name are not speech (a lone capitalised word, “Yes,” can be)."""
    if not words or len(words) > 6:
        return False
    content = [w for w in words if w.lower().strip(",.") not in _TITLE_SMALL_WORDS]
    return len(content) >= 2 and all(w[:1].isupper() or w[:1].isdigit() for w in content)


def _attribution(
    start: int,
    end: int,
    text: str,
    kind: str,
    speaker: Speaker | None,
    cue: Token | None,
    resolver: Resolver,
    *,
    remember: bool = True,
) -> Attribution:
    cue_text = cue_start = cue_end = None
    if cue is not None:
        cue_start, cue_end = cue.idx, cue.idx + len(cue.text)
        if cue.lower_ == "according":
            cue_end = (
                cue.idx + len("according to") if text[cue.idx : cue.idx + 12].lower() == "according to" else cue_end
            )
        cue_text = text[cue_start:cue_end]
    if speaker is not None and remember:
        resolver.remember(cue_start if cue_start is not None else start, speaker)
    quote = Quote(
        start,
        end,
        text[start:end],
        kind,
        speaker.name if speaker else None,
        speaker.start if speaker else None,
        speaker.end if speaker else None,
        cue_text,
    )
    return Attribution(
        quote, speaker.source_start if speaker else None, speaker.source_end if speaker else None, cue_start, cue_end
    )


def _continuing(doc: Doc, seg: Segment, resolver: Resolver, before: Segment) -> bool:
    """Whether a quote with no cue of its own goes on from the quote before it: in the same
    paragraph, or opening the next one."""
    here, there = resolver.paragraph(seg.start), resolver.paragraph(before.start)
    if here == there:
        return True
    line_start = resolver.paragraph_starts[here]
    return here - there == 1 and not resolver.text[line_start : seg.start - 1].strip()


__all__ = ["SPEECH", "Attribution", "find_attributions", "find_quotes", "find_speech", "quote_segments"]
