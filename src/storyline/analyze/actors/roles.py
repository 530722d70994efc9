"""Roles: the office or function an article gives a person.

Two places carry them in news prose: a title printed before the name ("Defence Minister
Rustem Umerov", kept on the mention by `actors.find_mentions`), and an apposition or
relative clause beside it ("Vladimir Medinsky, an aide to Mr Putin,"; "Hakan Fidan,
Turkey's foreign minister"; "Umerov, who heads Ukraine's delegation"). The parse finds the
second kind; the role is the noun phrase as printed, without its article.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from storyline.analyze.actors import titles
from storyline.records import PERSON, Mention, Role

_DETERMINERS = frozenset({"a", "an", "the", "his", "her", "their", "its", "our", "my", "your"})
# "who heads X" -> "head of X": verbs of leading, as printed (the pipeline has no lemmatizer)
_LEADS = frozenset({"heads", "headed", "leads", "chairs", "chaired", "runs", "commands"})
_BE = frozenset({"is", "was", "has been", "had been"})
# "X will head Ukraine's delegation", "a delegation led by X": leading a group makes its
# head. Only groups: "led failed talks" or "heads to Istanbul" is no office.
_LEAD_VERBS = _LEADS | frozenset({"head", "heading", "lead", "leading", "led", "chair", "chairing", "command"})
_GROUPS = frozenset(
    {
        "delegation",
        "delegations",
        "team",
        "government",
        "party",
        "ministry",
        "committee",
        "commission",
        "mission",
        "army",
        "forces",
        "force",
        "company",
        "group",
        "bloc",
        "coalition",
        "office",
        "agency",
        "council",
        "campaign",
        "cabinet",
        "movement",
        "administration",
        "board",
        "faction",
        "alliance",
        "junta",
        "opposition",
        "negotiators",
        "panel",
    }
)
_MAX_TOKENS = 12
# a role that ends on one of these lost its object; one with these words is a figure, not an office
_DANGLING = frozenset({"of", "to", "for", "in", "on", "at", "by", "with", "from", "and", "the", "'s", "’s"})
_FIGURES = frozenset(
    {"percent", "per", "cent", "%", "percentage", "points", "million", "billion", "thousand", "hundred"}
)


def find_roles(doc: Doc, mentions: Sequence[Mention]) -> list[Role]:
    """Roles of person mentions, from their titles and from appositions and relative clauses."""
    roles: list[Role] = []
    seen: set[tuple[int, int, int]] = set()

    def add(index: int, text: str, start: int, end: int) -> None:
        text = " ".join(text.split())
        if text and not titles.is_honorific(text) and _office(text) and (index, start, end) not in seen:
            seen.add((index, start, end))
            roles.append(Role(index, text, start, end))

    text = doc.text  # rebuilt from the tokens at every access: read it once
    for index, m in enumerate(mentions):
        if m.label != PERSON:
            continue
        if m.title:
            start = text.rfind(m.title, 0, m.start)
            role = titles.strip_honorifics(m.title)
            if start >= 0 and role:
                add(index, role, start, start + len(m.title))
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        for found in _appositions(span) + _leadership(span.root):
            add(index, *found)
    return sorted(roles, key=lambda r: (r.start, r.mention))


def _office(text: str) -> bool:
    """A role names an office or function: not a figure ("49 percent to 44 percent", an
    apposition the parse hung on a poll result, BASIL) and not a title cut before its object
    ("Minister of Defense of", where the name that follows is a country, not a person)."""
    words = [w.lower().strip(".,") for w in text.split()]
    if words[-1] in _DANGLING or any(w in _FIGURES for w in words):
        return False
    return not all(w[:1].isdigit() or w in _DANGLING for w in words)


def _appositions(span: Span) -> list[tuple[str, int, int]]:
    root = span.root
    doc = span.doc
    out: list[tuple[str, int, int]] = []
    for child in root.children:
        if child.i < span.end:
            continue
        if child.dep_ == "appos" and child.pos_ == "NOUN" and doc[child.i - 1 if child.i > 0 else 0].text != "and":
            if _comma_between(doc, span.end, child.left_edge.i):
                phrase = _phrase(doc, child.left_edge.i, _right_edge(child))
                if phrase is not None:
                    out.append(phrase)
        elif child.dep_ == "relcl" and child.left_edge.lower_ in ("who", "which"):
            out.extend(_relative(doc, child))
    # "Turkey's foreign minister, Hakan Fidan": the name is the apposition of the role
    head = root.head
    if (
        root.dep_ == "appos"
        and head.i < span.start
        and head.pos_ == "NOUN"
        and _comma_between(doc, head.i + 1, span.start)
    ):
        phrase = _phrase(doc, head.left_edge.i, head.i + 1)
        if phrase is not None:
            out.append(phrase)
    return out


def _leadership(name: Token) -> list[tuple[str, int, int]]:
    """ "X will head Ukraine's delegation" and "Moscow's delegation, led by X" -> "head of
    Moscow's delegation" (the group as printed, with its owner)."""
    doc = name.doc
    group: Token | None = None
    verb = name.head
    if name.dep_ == "nsubj" and verb.lower_ in _LEAD_VERBS:
        group = next((c for c in verb.children if c.dep_ == "dobj"), None)
    elif name.dep_ == "pobj" and verb.lower_ == "by" and verb.head.lower_ in _LEAD_VERBS:
        participle = verb.head
        if participle.dep_ == "acl":
            group = participle.head
        else:
            group = next((c for c in participle.children if c.dep_ == "nsubjpass"), None)
    if group is None or group.lower_ not in _GROUPS:
        return []
    phrase = _phrase(doc, group.left_edge.i, group.i + 1)
    if phrase is None:
        return []
    text, start, end = phrase
    return [(f"head of {text}", start, end)]


def _relative(doc: Doc, verb: Token) -> list[tuple[str, int, int]]:
    """ "who heads Ukraine's delegation" -> "head of Ukraine's delegation"; "who is X" -> X."""
    out: list[tuple[str, int, int]] = []
    if verb.lower_ in _LEADS:
        for obj in verb.children:
            if obj.dep_ == "dobj":
                phrase = _phrase(doc, obj.left_edge.i, _right_edge(obj), keep_the=False)
                if phrase is not None:
                    text, _, end = phrase
                    out.append((f"head of {text}", verb.idx, end))
    elif verb.lower_ in _BE:
        for attr in verb.children:
            if attr.dep_ == "attr" and attr.pos_ == "NOUN":
                phrase = _phrase(doc, attr.left_edge.i, _right_edge(attr))
                if phrase is not None:
                    out.append(phrase)
    return out


def _right_edge(token: Token) -> int:
    """End of a token's phrase, before any relative clause or comma inside it."""
    end = token.right_edge.i + 1
    for child in token.children:
        if child.dep_ in ("relcl", "acl", "appos") and child.i > token.i:
            end = min(end, child.left_edge.i)
    for k in range(token.i + 1, end):
        if token.doc[k].text in (",", ";", "(", "—", "–") or "\n" in token.doc[k].text:
            return k
    return end


def _comma_between(doc: Doc, a: int, b: int) -> bool:
    return b > a and any(doc[k].text == "," for k in range(a, b)) and all(doc[k].is_punct for k in range(a, b))


def _phrase(doc: Doc, start: int, end: int, keep_the: bool = False) -> tuple[str, int, int] | None:
    while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].is_punct):
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    if start >= end or end - start > _MAX_TOKENS:
        return None
    span = doc[start:end]
    return span.text, span.start_char, span.end_char
