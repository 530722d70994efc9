"""Attitudes: what a text ascribes to someone without quoting them. Beliefs ("Lee thinks the deal
is dead"), intentions ("Lee wants to run again"), stances ("Lee endorsed Cruz", "voted against
the bill") and topics ("Lee talked about jobs").

News reports positions this way at least as often as in quotes, and the positions are what an
analyst follows (who backs whom, who wants what). They are kept apart from reported speech: "Lee
criticized the deal" does not say what Lee said.

Each verb of `data/speech/attitude_verbs.tsv` names the complement that holds the content (a clause, an
infinitive, the object with what is said of it, a preposition's object); the holder is the verb's
subject, resolved like a speaker. A verb with no subject the text names (a passive, "is expected to") gives nothing: an
attitude without a holder tells the reader nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache

from spacy.tokens import Doc, Span, Token

from storyline import data
from storyline.analyze.speech.indirect import clause_of, infinitive, mostly_quoted, trim
from storyline.analyze.speech.speakers import Resolver, Speaker, speaker_of_cue

_HOLDERS = frozenset({"PERSON", "ORG", "GPE", "NORP", "UNNAMED", "OTHER"})
_PREDICATES = frozenset({"oprd", "ccomp", "xcomp", "acomp", "attr"})  # what "called X ..." says of X
_MAX_TOKENS = 60  # an object longer than this is a parse running away, not a position


@cache
def attitude_verbs() -> dict[str, list[tuple[str, str]]]:
    """Printed form -> [(kind, complement)], from `data/speech/attitude_verbs.tsv`."""
    out: dict[str, list[tuple[str, str]]] = {}
    for kind, complements, forms in data.rows("speech", "attitude_verbs.tsv"):
        for form in forms.split():
            for complement in complements.split():
                out.setdefault(form, []).append((kind, complement))
    return out


def find_attitudes(doc: Doc, resolver: Resolver, taken: Collection[int] = ()) -> list[tuple[Token, Span, str, Speaker]]:
    """(cue, content, kind, holder) for every attitude verb outside quotes with a holder. `taken`:
    token indices already a cue of reported speech (their clause is reported there)."""
    lexicon = attitude_verbs()
    out: list[tuple[Token, Span, str, Speaker]] = []
    for tok in doc:
        frames = lexicon.get(tok.lower_)
        if not frames or tok.pos_ != "VERB" or tok.i in taken or resolver.in_quote(tok.idx):
            continue
        for kind, complement in frames:
            content = _complement(tok, complement)
            if content is None or not len(content) or len(content) > _MAX_TOKENS or mostly_quoted(content, resolver):
                continue
            holder = speaker_of_cue(tok, resolver)
            if holder is not None and holder.label in _HOLDERS and not _inside(holder, content):
                out.append((tok, content, kind, holder))
            break
    # "wanted to see Russia's proposals": the intention holds the belief; one attitude, not two
    return [a for a in out if not any(b is not a and b[1].start <= a[0].i < b[1].end for b in out)]


def _complement(verb: Token, complement: str) -> Span | None:
    doc = verb.doc
    if complement == "ccomp":
        return next((clause_of(c) for c in verb.children if c.dep_ == "ccomp"), None)
    if complement == "xcomp":
        return infinitive(verb)
    if complement in ("dobj", "dobj+"):
        for child in verb.children:
            if child.dep_ == "dobj":
                end = child.right_edge.i + 1
                if complement == "dobj+":  # "sees Clinton as the stronger candidate", "called Trump “unhinged”"
                    for sibling in verb.children:
                        if sibling.i > child.i and (sibling.dep_ in _PREDICATES or sibling.lower_ == "as"):
                            end = max(end, sibling.right_edge.i + 1)
                return trim(doc[child.left_edge.i : end])
        return None
    preposition = complement.removeprefix("prep:")
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == preposition:
            for obj in child.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    return trim(doc[obj.left_edge.i : obj.right_edge.i + 1])
    return None


def _inside(holder: Speaker, content: Span) -> bool:
    return content.start_char <= holder.source_start < content.end_char


__all__ = ["attitude_verbs", "find_attitudes"]
