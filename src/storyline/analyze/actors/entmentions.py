"""Mentions from spaCy's own entities: the stand-in for the actors step, kept so that the quote
benchmark can compare the two (`benchmarks/polnear.py --mentions ents`)."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

from spacy.tokens import Doc, Span

from storyline.analyze.speech.speakers import TITLE_NOUNS
from storyline.records import GPE, NORP, ORG, PERSON, Mention


def entity_mentions(doc: Doc) -> list[Mention]:
    """Mentions from spaCy's entities: the stand-in when the actors step is not available.

    The small model labels the same name differently from one sentence to the next and misses
    some repeats, so each printed name takes its most frequent label in the article, and a bare
    surname already seen in a PERSON entity is a PERSON mention wherever it recurs."""
    sent_starts = [s.start for s in doc.sents]
    votes: dict[str, Counter[str]] = {}
    spans: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in (PERSON, ORG, GPE, NORP):
            continue
        start, end = ent.start, ent.end
        while start < end - 1 and (
            (doc[start].pos_ != "PROPN" and not doc[start].is_title)
            or doc[start].is_punct
            or doc[start].lower_.rstrip(".") in TITLE_NOUNS
        ):
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")):
            end -= 1
        if start >= end:
            continue
        span = Span(doc, start, end, label=ent.label_)
        spans.append(span)
        votes.setdefault(span.text, Counter())[ent.label_] += 1
    surnames = {
        s[-1].text for s in spans if len(s) > 1 and votes[s.text].most_common(1)[0][0] == PERSON and s[-1].is_title
    }
    covered = {t.i for s in spans for t in s}
    for tok in doc:
        if tok.i not in covered and tok.text in surnames and (tok.pos_ == "PROPN" or tok.is_title):
            spans.append(Span(doc, tok.i, tok.i + 1, label=PERSON))
            votes.setdefault(tok.text, Counter())[PERSON] += 1
    out = []
    for span in sorted(spans, key=lambda sp: sp.start):
        label = PERSON if len(span) == 1 and span.text in surnames else votes[span.text].most_common(1)[0][0]
        sentence = bisect_right(sent_starts, span.start) - 1
        out.append(Mention(span.start_char, span.end_char, span.text, label, None, sentence))
    return out
