"""Who speaks a direct quote: the reporting verb after it or before it, the verb governing a
partial quote, a byline under it, a colon introducing it, or a name glued to its closing mark.

The steps run in an order that depends on where the quote sits: a quote inside a sentence is
governed by what comes before it; a quote opening a paragraph by the tag after it ("...,” Ann Lee
said). Every step reads only the quote's own paragraph: the parser sometimes runs a sentence on
into the next paragraph, whose verb is someone else's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Span, Token

from storyline.analyze.speech.indirect import CLOSE_MARKS, OPEN_MARKS, STRAIGHT
from storyline.analyze.speech.marks import MIN_UNATTRIBUTED_WORDS, Segment
from storyline.analyze.speech.speakers import DOCUMENT_NOUNS, OTHER, Resolver, Speaker, is_cue, speaker_of_cue
from storyline.records import PERSON

SENTENCE_END = frozenset(".!?")
_BYLINE = re.compile(r"[”\"»'\s]*([―—–-])[ \t\u00a0]*(?=\w)")
MARK_TOKENS = frozenset({'"', "''", "``", *OPEN_MARKS, *CLOSE_MARKS})
_LOOKAHEAD_TOKENS = 24
_SHORT_TAIL = 7


def direct_speaker(
    doc: Doc, seg: Segment, resolver: Resolver, verbs: frozenset[str]
) -> tuple[Token | None, Speaker | None]:
    text = resolver.text
    inner = text[seg.start : seg.end].rstrip()
    ends_sentence = bool(inner) and inner[-1] in SENTENCE_END
    after = _after_tokens(doc, seg, resolver) if seg.closed else []
    byline = _byline(doc, seg, resolver) if seg.closed else None
    if byline is not None:
        return byline
    glued = _glued(doc, seg, resolver, verbs) if seg.closed else None
    if glued is not None:
        return glued
    tail = after
    if after and ends_sentence and not after[0].is_lower:
        after = after[:_SHORT_TAIL]  # “We won!” Ann Lee, 54, said: only a short tag counts
        if not any(is_cue(t, verbs) for t in after):
            after = []
    if after and after[0].lower_ == "by":  # "described as an “outcome” by Mr X"
        for child in after[0].children:
            if child.dep_ == "pobj" and resolver.mention_at(child) is not None:
                return after[0], resolver.speaker(child)
    before = _before_tokens(doc, seg, resolver)
    steps: list[Callable[[], tuple[Token | None, Speaker | None]]] = [
        lambda: _cue_in(after, resolver, verbs, reverse=False),
        lambda: _cue_in(before, resolver, verbs, reverse=True),
        lambda: _governing_cue(doc, seg, resolver, verbs),
    ]
    if before:  # a quote inside a sentence: what governs it comes before what follows it
        steps = [steps[1], steps[2], steps[0]]
    steps.append(lambda: _introduced(doc, seg, before, resolver, verbs))
    steps.append(lambda: _tagged(tail, resolver))
    for step in steps:
        cue, speaker = step()
        if speaker is not None:
            return cue, speaker
    return None, None


def _tagged(after: Sequence[Token], resolver: Resolver) -> tuple[Token | None, Speaker | None]:
    """ "“Go home,” Ann Lee barked", "an angry Ann Lee went on": a name or pronoun right after
    the quote, then a verb the lexicon does not know."""
    named_at = None
    for i, tok in enumerate(after[:5]):
        if tok.pos_ == "VERB" and named_at is not None and i == named_at + 1:
            return tok, resolver.speaker(after[named_at])
        if resolver.mention_at(tok) is not None or tok.lower_ in ("he", "she"):
            named_at = i
        elif tok.pos_ not in ("DET", "ADJ") or named_at is not None:
            break
    return None, None


def _glued(doc: Doc, seg: Segment, resolver: Resolver, verbs: frozenset[str]) -> tuple[Token, Speaker] | None:
    """A closing mark glued to the next word, “...,”Ann Lee said / “...,”said Ann Lee: the tokenizer
    keeps the quote's last word, the mark and the name as one token, so the name is read on the
    characters."""
    text = resolver.text
    at = seg.end + 1  # the character after the closing mark
    if at >= len(text) or text[seg.end] not in CLOSE_MARKS + STRAIGHT or not text[at].isalpha():
        return None
    span = doc.char_span(at, at + 1, alignment_mode="expand")
    if span is None or not len(span):
        return None
    first = span[0]
    word_end = first.idx + len(first.text)
    word = text[at:word_end]
    following = [t for t in doc[first.i + 1 : first.i + 5] if not t.is_space]
    if word.lower() in verbs and following and following[0].pos_ in ("PROPN", "PRON", "DET", "NOUN"):
        head = following[0]
        while head.dep_ in ("compound", "flat") and head.head is not head and head.head.i > head.i:
            head = head.head  # "said Mr. Smith": the name's head
        speaker = resolver.speaker(head)  # “...,”said Ann Lee
        return (first, speaker) if speaker is not None else None
    pronoun = word.lower() in ("he", "she")
    if not word[:1].isupper() and not pronoun:
        return None
    for i, tok in enumerate(following[:3]):
        if is_cue(tok, verbs):
            if pronoun:  # “...,”he said
                found = resolver.antecedent(first, people=True, source=first)
                if found is None:
                    return None
                return tok, Speaker(found.name, found.start, found.end, found.label, at, word_end)
            name_end = following[i - 1].idx + len(following[i - 1].text) if i else word_end
            return tok, _speaker_at(resolver, at, name_end)
        if tok.pos_ != "PROPN":
            break
    return None


def _speaker_at(resolver: Resolver, start: int, end: int) -> Speaker:
    """The speaker printed at these characters: the mention there, the person the article names with
    that surname, or the words as printed."""
    name = resolver.text[start:end]
    for m in resolver.mentions:
        if m.start < end and start < m.end:
            return Speaker(m.text, m.start, m.end, m.label, start, end)
    last = name.split()[-1].lower()
    for m in resolver.mentions:
        if m.label == PERSON and m.text.split()[-1].lower() == last:
            return Speaker(m.text, m.start, m.end, PERSON, start, end)
    return Speaker(name, start, end, OTHER, start, end)


def _byline(doc: Doc, seg: Segment, resolver: Resolver) -> tuple[Token, Speaker | None] | None:
    """A byline under a quote: “...” ― Jane Doe (read on the characters: the tokenizer may glue
    the closing mark to the dash)."""
    m = _BYLINE.match(resolver.text, seg.end)
    if m is None:
        return None
    dash = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
    name = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
    if not dash or not name or resolver.mention_at(name[0]) is None:
        return None
    return dash[0], resolver.speaker(name[0])


def _previous_sentence(doc: Doc, seg: Segment, resolver: Resolver) -> Span | None:
    """The last sentence of the paragraph before the one a quote opens (None when it does not open one)."""
    here = resolver.paragraph(seg.start)
    start = resolver.paragraph_starts[here]
    if here == 0 or resolver.text[start : seg.start - 1].strip():
        return None
    before = resolver.text[resolver.paragraph_starts[here - 1] : start].rstrip()
    span = doc.char_span(resolver.paragraph_starts[here - 1], resolver.paragraph_starts[here - 1] + len(before))
    if span is None or not len(span):
        return None
    return doc[span[-1].sent.start : span.end] if span[-1].sent.start >= span.start else span


def _introduced(
    doc: Doc, seg: Segment, before: Sequence[Token], resolver: Resolver, verbs: frozenset[str]
) -> tuple[Token | None, Speaker | None]:
    """A quote a colon introduces: "... doesn't surprise pollster Ann Lee: “...”", or a block quote
    after a paragraph ending "As Jane Doe reported:"."""
    if len(before) > 1 and before[-1].text == ":":
        for tok in reversed(before[-9:-1]):  # "From the report:", "Here is Ann Lee in 1992:"
            if resolver.mention_at(tok) is not None:
                return before[-1], resolver.speaker(tok)
        for tok in reversed(before[-9:-1]):
            if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("compound", "poss", "npadvmod"):
                return before[-1], resolver.speaker(tok)
    intro = _previous_sentence(doc, seg, resolver)
    if intro is None or intro[-1].text != ":":
        return None, None
    cue, speaker = _cue_in(list(intro), resolver, verbs, reverse=True)
    if speaker is not None:
        return cue, speaker
    people = [t for t in intro if (m := resolver.mention_at(t)) is not None and m.label == PERSON]
    if people:
        return intro[-1], resolver.speaker(people[-1])
    # "The transcript follows:", "Excerpts from the statement:": the text that speaks
    texts = [t for t in intro if t.lower_ in DOCUMENT_NOUNS and t.pos_ in ("NOUN", "PROPN")]
    return (intro[-1], resolver.speaker(texts[-1])) if texts else (None, None)


def paragraph_subject(doc: Doc, seg: Segment, resolver: Resolver) -> Speaker | None:
    """A paragraph that is only a quote, after a paragraph about someone: that person (the first
    person who is a subject there: the parser does not always make the main verb the root)."""
    intro = _previous_sentence(doc, seg, resolver)
    if intro is None:
        return None
    for tok in intro:
        if tok.dep_ == "nsubj" and not resolver.in_quote(tok.idx):
            m = resolver.mention_at(tok)
            if m is not None and m.label == PERSON:
                return resolver.speaker(tok)
    return None


def _cue_in(
    region: Sequence[Token], resolver: Resolver, verbs: frozenset[str], *, reverse: bool
) -> tuple[Token | None, Speaker | None]:
    for tok in reversed(region) if reverse else region:
        if is_cue(tok, verbs):
            speaker = speaker_of_cue(tok, resolver, region=region)
            if speaker is not None:
                return tok, speaker
    return None, None


def _governing_cue(
    doc: Doc, seg: Segment, resolver: Resolver, verbs: frozenset[str]
) -> tuple[Token | None, Speaker | None]:
    """A partial quote inside a sentence: the reporting verb above it, else the sentence's subject."""
    span = doc.char_span(seg.start, seg.end, alignment_mode="expand")
    if span is None or not len(span):
        return None, None
    tok: Token = span.root
    paragraph = resolver.paragraph(seg.start)  # the parser may run a sentence on into the next paragraph
    for _ in range(12):
        if tok.head is tok:
            break
        tok = tok.head
        if resolver.paragraph(tok.idx) != paragraph:
            break
        if not resolver.in_quote(tok.idx) and is_cue(tok, verbs):
            speaker = speaker_of_cue(tok, resolver)
            if speaker is not None:
                return tok, speaker
    root = span.sent.root
    long_enough = len(span) >= MIN_UNATTRIBUTED_WORDS - 1  # not a scare quote
    if (
        long_enough
        and not resolver.in_quote(root.idx)
        and seg.start > span.sent.start_char + 1
        and resolver.paragraph(root.idx) == paragraph
    ):
        for child in root.children:
            if child.dep_ == "nsubj" and not resolver.in_quote(child.idx):
                speaker = resolver.speaker(child)
                if speaker is not None and speaker.label not in ("OTHER", "DOCUMENT"):
                    return None, speaker
    return None, None


def _after_tokens(doc: Doc, seg: Segment, resolver: Resolver) -> list[Token]:
    """Tokens after the closing mark up to the end of the sentence or the next quote."""
    span = doc.char_span(seg.end, min(len(resolver.text), seg.end + 1), alignment_mode="expand")
    if span is None:
        return []
    out: list[Token] = []
    i = span.end
    while i < len(doc) and len(out) < _LOOKAHEAD_TOKENS:
        tok = doc[i]
        if resolver.in_short_quote(tok.idx) or (tok.text in MARK_TOKENS and resolver.in_short_quote(tok.idx + 1)):
            i += 1  # a title inside the speaker's description: “...,” Ann Lee, wearing “Cruz” pins, said
            continue
        if "\n" in tok.text or resolver.in_quote(tok.idx):
            break
        if (tok.text in MARK_TOKENS and tok.text not in CLOSE_MARKS) or tok.text in SENTENCE_END or tok.text == ";":
            break
        if tok.text not in MARK_TOKENS and not tok.is_space:
            out.append(tok)
        i += 1
    return out


def _before_tokens(doc: Doc, seg: Segment, resolver: Resolver) -> list[Token]:
    """Tokens from the sentence start up to the opening mark, when the quote continues a sentence."""
    mark = seg.start - 1
    prev = resolver.text[:mark].rstrip(" \t\u00a0'`")  # a typewriter mark is two characters
    if not prev or prev[-1] in "\n" or prev[-1] in SENTENCE_END or prev[-1] in CLOSE_MARKS:
        return []
    span = doc.char_span(len(prev) - 1, len(prev), alignment_mode="expand")
    if span is None:
        return []
    last = span[0]
    out: list[Token] = []
    i = last.i
    while i >= 0 and len(out) < 40:
        tok = doc[i]
        if resolver.in_short_quote(tok.idx) or (tok.text in MARK_TOKENS and resolver.in_short_quote(tok.idx)):
            i -= 1  # As Ann Lee, author of “The Book,” put it, “...”
            continue
        if "\n" in tok.text or resolver.in_quote(tok.idx) or tok.text in SENTENCE_END:
            break
        out.append(tok)
        if tok.is_sent_start and i != last.i and tok.text not in OPEN_MARKS:
            break
        i -= 1
    out.reverse()
    return out


__all__ = ["direct_speaker", "paragraph_subject"]
