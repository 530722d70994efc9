"""Where a name ends: model spans and title-led names that ran on past the person (BASIL)."""

from __future__ import annotations

from spacy.tokens import Doc

from storyline.analyze.actors import gazetteer
from storyline.records import GPE

_SUFFIX_WORDS = frozenset({"II", "III", "IV", "JR", "SR"})


def name_end(doc: Doc, start: int, end: int, gaz: gazetteer.Gazetteer) -> int:
    """Where a person's name ends inside a model span that ran on past it (BASIL): a
    following acronym heading or body ("Glenn Beck CPAC"), and "of <State>" ("Kurt Schrader
    of Oregon": the place is a mention of its own, found by the gazetteer)."""
    names = [t for t in doc[start:end] if t.is_alpha]
    if len(names) < 3 and not any(t.lower_ == "of" for t in doc[start:end]):
        return end
    last = doc[end - 1]
    if (
        end - start >= 3
        and last.is_upper
        and last.is_alpha
        and len(last) >= 2
        and last.text not in _SUFFIX_WORDS
        and all(t.text[:1].isupper() and not t.is_upper for t in doc[start : end - 1] if t.is_alpha)
    ):
        return end - 1
    for k in range(start + 2, end - 1):
        if doc[k].lower_ != "of" or not all(t.text[:1].isupper() for t in doc[start:k]):
            continue
        entry = gaz.get_tokens(doc[k + 1 : end])
        if entry is not None and entry.label == GPE and all(not t.is_upper for t in doc[start:k]):
            return k
    return end
