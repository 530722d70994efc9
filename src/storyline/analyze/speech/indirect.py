"""Indirect speech: the clause a reporting verb governs ("X said the talks would fail", "the talks
will fail, X said", "according to X, ...", "X urged Y to ..."), and transcript turns ("SMITH: ...").

The clause comes from the dependency parse: a reporting verb's `ccomp`, the clause around a
parenthetical cue (`parataxis`), the infinitive after a directive verb. The words a clause quotes
directly stay in it (the direct quote is reported as well, on its own).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from storyline.analyze.speech.speakers import (
    OTHER,
    Resolver,
    Speaker,
    directive_verbs,
    is_cue,
    reporting_verbs,
    speaker_nouns,
)
from storyline.records import PERSON

OPEN_MARKS = "“«"
CLOSE_MARKS = "”»"
STRAIGHT = '"'
MIN_CLAUSE_TOKENS = 3
# Findings: "a poll shows that ...", "the study found (that) ...". Only with a clause (a `ccomp`): "the video
# shows a crowd" reports nothing.
EVIDENCE_VERBS = frozenset(["show", "shows", "showed", "shown", "showing", "find", "finds", "found", "finding"])
# A reported statement whose content is a noun phrase after a preposition or as the object:
# "called for a review", "cited rising costs", "pointed to reports that ...", "warned of a war".
_OBJECT_CUES: dict[str, frozenset[str]] = {
    **dict.fromkeys(("call", "calls", "called", "calling"), frozenset({"for"})),
    **dict.fromkeys(("point", "points", "pointed", "pointing"), frozenset({"to"})),
    **dict.fromkeys(("warn", "warns", "warned", "warning"), frozenset({"of", "against", "about"})),
    **dict.fromkeys(("cite", "cites", "cited", "citing"), frozenset({""})),  # "" = the direct object
    **dict.fromkeys(("accuse", "accuses", "accused", "accusing"), frozenset({"of"})),
}
_ACCUSE = frozenset({"accuse", "accuses", "accused", "accusing"})  # the accused is part of it: "accused <X of Y>"


def reported_clauses(doc: Doc, resolver: Resolver) -> list[tuple[Token, Span]]:
    """(cue, clause) for "X said (that) <clause>", "<clause>, X said" and "according to X, <clause>",
    leaving out clauses that are mostly a direct quote (those are reported as direct)."""
    verbs = reporting_verbs()
    directives = directive_verbs()
    out: list[tuple[Token, Span]] = []
    for tok in doc:
        if resolver.in_quote(tok.idx):
            continue
        clause: Span | None = None
        if tok.lower_ == "according" and is_cue(tok, verbs):
            clause = _according_clause(tok)
        elif tok.lower_ in EVIDENCE_VERBS and tok.pos_ == "VERB":
            clause = next((clause_of(c) for c in tok.children if c.dep_ == "ccomp"), None)
        elif tok.lower_ in _OBJECT_CUES and tok.pos_ == "VERB" and (found := _object(tok)) is not None:
            clause = found
        elif is_cue(tok, verbs) or (tok.lower_ in directives and tok.pos_ == "VERB"):
            for child in tok.children:
                if child.dep_ == "ccomp":
                    clause = clause_of(child)
                    break
            else:
                if tok.lower_ in directives:
                    clause = infinitive(tok)
                elif tok.dep_ == "parataxis" and tok.head.pos_ in ("VERB", "AUX"):
                    out.extend((tok, part) for part in _around(tok) if not mostly_quoted(part, resolver))
                    continue
        if clause is None or len(clause) < MIN_CLAUSE_TOKENS or mostly_quoted(clause, resolver):
            continue
        out.append((tok, clause))
    return out


def _object(cue: Token) -> Span | None:
    """The noun phrase an object cue reports: "called for <a review>", "cited <rising costs>"."""
    wanted = _OBJECT_CUES[cue.lower_]
    for child in cue.children:
        accused = cue.lower_ in _ACCUSE and any(c.dep_ == "prep" and c.lower_ == "of" for c in child.children)
        if child.dep_ == "dobj" and ("" in wanted or accused):  # "accused <the agency of hiding it>"
            return trim(cue.doc[child.left_edge.i : child.right_edge.i + 1])
        if child.dep_ == "prep" and child.lower_ in wanted:
            for pobj in child.children:
                if pobj.dep_ in ("pobj", "pcomp"):
                    start = pobj.left_edge.i
                    if cue.lower_ in _ACCUSE:
                        start = min([start, *(o.left_edge.i for o in cue.children if o.dep_ == "dobj")])
                    return trim(cue.doc[start : pobj.right_edge.i + 1])
    return None


def infinitive(cue: Token) -> Span | None:
    """ "urged Russia to withdraw its troops" -> "Russia to withdraw its troops"; "vowed to retaliate"
    -> "to retaliate". spaCy attaches the infinitive as xcomp, or as ccomp with the object as its subject."""
    for child in cue.children:
        if child.dep_ in ("xcomp", "ccomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
            start = child.left_edge.i
            for obj in cue.children:
                if obj.dep_ in ("dobj", "dative") and obj.i < child.i:
                    start = min(start, obj.left_edge.i)
            return trim(cue.doc[start : child.right_edge.i + 1])
        if child.dep_ == "prep" and child.lower_ == "on":  # "called on X to ..."
            for pobj in child.children:
                for inf in pobj.children:
                    if inf.dep_ in ("relcl", "acl") and any(c.lower_ == "to" for c in inf.children):
                        return trim(cue.doc[pobj.left_edge.i : inf.right_edge.i + 1])
    return None


def mostly_quoted(clause: Span, resolver: Resolver) -> bool:
    return sum(1 for t in clause if resolver.in_quote(t.idx)) * 2 >= len(clause)


def _around(cue: Token) -> list[Span]:
    """ "The museum, Mr. Bush said, celebrated his heroes": the clause on both sides of the cue."""
    head, doc = cue.head, cue.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    left, right = cue.left_edge.i, cue.right_edge.i + 1
    parts = [trim(doc[start:left]) if left > start else None, trim(doc[right:end]) if end > right else None]
    return [p for p in parts if p is not None and len(p) >= MIN_CLAUSE_TOKENS]


def clause_of(head: Token) -> Span:
    doc = head.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    while start < end and ((doc[start].dep_ == "mark" and doc[start].lower_ == "that") or doc[start].is_punct):
        start += 1
    while end > start and doc[end - 1].is_punct and doc[end - 1].text not in CLOSE_MARKS + STRAIGHT:
        end -= 1
    return doc[start:end]


def _according_clause(tok: Token) -> Span | None:
    """The sentence around "according to X", minus that phrase: the longer side of it."""
    sent = tok.sent
    phrase_start, phrase_end = tok.left_edge.i, tok.right_edge.i + 1
    to = tok.doc[tok.i + 1]
    phrase_end = max(phrase_end, to.right_edge.i + 1)
    left = tok.doc[sent.start : phrase_start]
    right = tok.doc[phrase_end : sent.end]
    side = left if len(left) >= len(right) else right
    if not len(side):
        return None
    return trim(side)


def trim(span: Span) -> Span:
    doc = span.doc
    start, end = span.start, span.end
    while start < end and doc[start].is_punct and doc[start].text not in OPEN_MARKS + STRAIGHT:
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and doc[end - 1].text not in CLOSE_MARKS:
        end -= 1
    return doc[start:end]


# -- transcript turns and headline attributions: "WALLACE: ...", "Pence: ..." -----------------------

_TURN = re.compile(r"^[ \t]*([A-Z][A-Za-z.'’ -]{1,40}?)[ \t]*:[ \t]+(?=\S)", re.MULTILINE)
NOT_SPEAKERS = speaker_nouns("not_speaker")  # labels before a colon that are not speakers ("Photo: ...")


def turns(doc: Doc, resolver: Resolver) -> list[tuple[Token, Span, Speaker, bool]]:
    """(colon, content, speaker, verbatim) for paragraphs that open with a name and a colon. A name in
    capitals is a transcript turn (verbatim); a name as printed is a headline's gist."""
    text = resolver.text
    out = []
    for m in _TURN.finditer(text):
        label = m.group(1).strip()
        if label.lower() in NOT_SPEAKERS or len(label.split()) > 4:
            continue
        verbatim = label.isupper() and len(label) > 1
        if not verbatim and (label.split()[-1].islower() or text[m.end()] in OPEN_MARKS + STRAIGHT):
            continue  # "Ann Lee added: “...”": a direct quote a colon introduces, not a headline's gist
        start = m.start(1)
        label_span = doc.char_span(start, start + len(label), alignment_mode="expand")
        at = text.index(":", m.end(1))
        colon = doc.char_span(at, at + 1, alignment_mode="expand")
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        content = doc.char_span(m.end(), len(text[:line_end].rstrip()), alignment_mode="expand")
        if not label_span or not colon or content is None or len(content) < MIN_CLAUSE_TOKENS:
            continue
        colon_tok = next((t for t in colon if t.text == ":"), colon[0])
        speaker = _turn_speaker(label, label_span, resolver, verbatim)
        if speaker is not None:
            out.append((colon_tok, trim(content), speaker, verbatim))
    return out


def _turn_speaker(label: str, span: Span, resolver: Resolver, verbatim: bool) -> Speaker | None:
    if any(resolver.mention_at(t) is not None for t in span):
        return resolver.speaker(span.root)
    if not verbatim:
        return None
    surname = label.split()[-1].lower()
    for m in resolver.mentions:  # "WALLACE" -> "Chris Wallace", printed elsewhere in the article
        if m.label == PERSON and m.text.split()[-1].lower() == surname:
            return Speaker(m.text, m.start, m.end, PERSON, span.start_char, span.end_char)
    return Speaker(label, span.start_char, span.end_char, OTHER, span.start_char, span.end_char)
