"""Actor mentions: spaCy's entities made reliable on news text.

The small English model is fast but, on news, it tags Kyiv as a person, Trump as an
organisation, "Defence" as an organisation in "Defence Minister Rustem Umerov", and
boilerplate ("NEWSLETTER") as names. Four kinds of evidence repair it, in this order:

1. cleaning: determiners, possessives and titles are cut off a span; spans with digits,
   line breaks, lower-case words or shouting capitals are dropped;
2. titles and honorifics ("Mr", "Kremlin spokesman"): the name after one is a person;
3. the gazetteer of countries, cities, bodies and peoples: adds missed names, fixes labels;
4. consistency within the article: one name keeps one label ("Zelenskyy" after "Volodymyr
   Zelenskyy" is a person), and occurrences the model skipped are added.

Roles (offices and functions the text gives a person) are in `roles.py`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.analyze.actors import gazetteer, spans, titles
from storyline.analyze.actors.roles import find_roles
from storyline.records import ACTOR_LABELS, GPE, LOC, NORP, ORG, PERSON, Mention
from storyline.text import stopwords

__all__ = ["find_mentions", "find_roles"]

# Entities that are numbers or times: a name inside one is not an actor ("May" in "May 16").
_NUMERIC = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
_LEADING = frozenset({"the", "a", "an", "’s", "'s"})
_PARTICLES = frozenset(
    {"of", "the", "and", "de", "da", "al", "bin", "ibn", "von", "van", "la", "le", "du", "del", "der", "di"}
)
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
# Photo and caption credits: the names there are photographers, not news actors.
# Two patterns, the second case-sensitive and tried only where a "/" is printed: as one
# case-insensitive alternation it tried a capitalised-name match at every word of the text.
_CREDIT_LABEL = re.compile(r"(?i)\b(?:file\s+)?(?:picture|photo|photograph|image|credit|video)s?\s*:[^\n]*")
_CREDIT_AGENCY = re.compile(
    r"[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+)*\s*/\s*(?:AP|AFP|Reuters|Getty(?:\s+Images)?|EPA|PA|Bloomberg|Shutterstock)\b"
)


@dataclass(slots=True)
class _Candidate:
    start: int  # token range [start, end)
    end: int
    label: str
    title_start: int | None = None  # first token of a title printed right before
    source: str = "ner"  # "ner", "gazetteer", "title" or "echo"
    entry: gazetteer.Entry | None = None


def find_mentions(doc: Doc) -> list[Mention]:
    """Actor mentions in a doc of the article body, sorted by start, without overlaps."""
    gaz = gazetteer.load()
    matches = gaz.matches(doc)
    blocked = _numeric_tokens(doc)
    text = doc.text  # built anew from the tokens at every access: read it once
    credits = [(m.start(), m.end()) for m in _CREDIT_LABEL.finditer(text)]
    if "/" in text:
        credits += [(m.start(), m.end()) for m in _CREDIT_AGENCY.finditer(text)]

    candidates = [c for ent in doc.ents if (c := _from_entity(ent, gaz, text)) is not None]
    names = {c.end - 1: c.start for c in candidates if c.label != PERSON}
    names.update({m.end - 1: m.start for m in matches if not m.entry.person_name})
    candidates = _apply_titles(doc, candidates, names, gaz)
    candidates = _apply_gazetteer(doc, candidates, matches, blocked)
    candidates = _consistent(doc, candidates, gaz)
    candidates = _not_actors(doc, candidates)
    candidates = _echo(doc, candidates, blocked, names, gaz)
    return _to_mentions(doc, candidates, credits, names)


# --- 1. cleaning ---------------------------------------------------------------------------


def _from_entity(ent: Span, gaz: gazetteer.Gazetteer, text: str) -> _Candidate | None:
    """A model entity as a candidate, or None when what is left after cleaning is not a name."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in _LEADING or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    if start >= end:
        return None
    entry = gaz.get_tokens(doc[start:end])
    if entry is None and ent.label_ == PERSON:
        end = spans.name_end(doc, start, end, gaz)
        entry = gaz.get_tokens(doc[start:end])
    label = ent.label_
    if label not in ACTOR_LABELS:
        if entry is None or label in _NUMERIC:
            return None
        label = entry.label
    title_start: int | None = None
    # a title the model swallowed: "President Trump", "Defence Minister" (then nothing is left)
    if entry is None:
        cut = _title_prefix(doc, start, end)
        if cut is not None:
            if cut >= end or not _namelike(doc[cut:end]):
                return None
            title_start, start, label = start, cut, PERSON
    if entry is None and _garbage(doc[start:end], text):
        return None
    return _Candidate(start, end, label, title_start, "ner", entry)


def _title_prefix(doc: Doc, start: int, end: int) -> int | None:
    """Where the name starts when a span opens with title words, else None."""
    lex = titles.lexicon()
    k = start
    seen_anchor = False
    while k < end:
        w = titles.word(doc[k])
        if w in lex.heads or w in lex.honorifics:
            seen_anchor = True
        elif w not in lex.modifiers and not (seen_anchor and doc[k].lower_ in ("of", "for")):
            break
        k += 1
    if not seen_anchor:
        return None
    if k < end and titles.word(doc[k]) in lex.institutions:
        return None
    return k


def _namelike(span: Span) -> bool:
    return (
        all(t.text[:1].isupper() or t.lower_ in _PARTICLES or t.is_punct for t in span) and span[0].text[:1].isupper()
    )


def _garbage(span: Span, text: str) -> bool:
    """Not a name: digits, a line break, mostly lower-case words, boilerplate in capitals.
    `text` is the document's (a heading is a line in capitals)."""
    name = span.text
    if len(name) < 2 or "\n" in name or any(ch.isdigit() for ch in name):
        return True
    words = [t for t in span if t.is_alpha and t.lower_ not in _PARTICLES]
    if not words:
        return True
    lower = sum(1 for t in words if not t.text[:1].isupper())
    if lower * 2 >= len(words) or not span[0].text[:1].isupper():
        return True
    # acronyms are short; a long word in capitals is a heading ("NEWSLETTER", "ADVERTISEMENT")
    return all(t.is_upper for t in words) and (any(len(t) >= 7 for t in words) or _line_is_upper(span, text))


def _line_is_upper(span: Span, text: str) -> bool:
    a = text.rfind("\n", 0, span.start_char) + 1
    b = text.find("\n", span.end_char)
    line = text[a : b if b >= 0 else len(text)]
    return not any(ch.islower() for ch in line)


def _numeric_tokens(doc: Doc) -> set[int]:
    return {i for ent in doc.ents if ent.label_ in _NUMERIC for i in range(ent.start, ent.end)}


# --- 2. titles -----------------------------------------------------------------------------


def _apply_titles(
    doc: Doc, candidates: list[_Candidate], names: dict[int, int], gaz: gazetteer.Gazetteer
) -> list[_Candidate]:
    """Names after a title become persons; model entities inside a title go ("Defence")."""
    lex = titles.lexicon()
    by_start = {c.start: c for c in candidates}
    title_tokens: set[int] = set()
    added: list[_Candidate] = []
    for token in doc:
        i = token.i
        w = titles.word(token)
        if i + 1 >= len(doc) or not (w in lex.heads or w in lex.honorifics or w in ("state", "affairs")):
            continue
        nxt = doc[i + 1]
        if nxt.text == "," and i + 2 < len(doc) and w in lex.heads:
            # "his defence minister, Rustem Umerov": evidence of a person, not a printed title
            after = by_start.get(i + 2)
            if after is not None and after.entry is None and after.label in (ORG, GPE, NORP):
                after.label = PERSON
                after.source = "appos"
            continue
        if not nxt.text[:1].isupper() or "\n" in token.whitespace_ or titles.word(nxt) in lex.institutions:
            continue
        if titles.is_title_word(nxt):
            continue  # the title goes on ("Prime Minister"): decide at its last word
        tstart = titles.title_before(doc, i + 1, names)
        if tstart is None:
            continue
        existing = by_start.get(i + 1)
        entry = existing.entry if existing is not None else gaz.get_tokens(doc[i + 1 : i + 2])
        if entry is not None and not entry.person_name:
            continue  # "the Kremlin envoy to" ... a listed place or body is not a person
        if existing is not None:
            if existing.label != PERSON and existing.label not in (ORG, GPE, NORP, LOC) and existing.source == "ner":
                continue
            existing.label, existing.title_start = PERSON, tstart
        else:
            end = i + 1
            while end < len(doc) and _name_token(doc[end], end == i + 1) and "\n" not in doc[end - 1].whitespace_:
                end += 1
            while end > i + 1 and doc[end - 1].lower_ in _PARTICLES:
                end -= 1
            end = spans.name_end(doc, i + 1, end, gaz)  # "Representative Kurt Schrader of Oregon"
            if end == i + 1 or any(ch.isdigit() for ch in doc[i + 1 : end].text):
                continue
            covering = next((c for c in candidates if c.start <= i + 1 < c.end), None)
            if covering is not None and covering.start > tstart:
                continue  # inside a longer model entity that does not include the title
            added.append(_Candidate(i + 1, end, PERSON, tstart, "title"))
        title_tokens.update(range(tstart, i + 1))
    kept = [c for c in candidates if c.entry is not None or not _inside_title(doc, c, title_tokens)]
    covered = {k for c in added for k in range(c.start, c.end)}
    kept = [c for c in kept if not any(k in covered for k in range(c.start, c.end))]
    return sorted(kept + added, key=lambda c: c.start)


def _inside_title(doc: Doc, c: _Candidate, title_tokens: set[int]) -> bool:
    """A model entity made only of title words ("Defence" in "Defence Minister X"); a body named
    inside a title ("National Security Council secretary") stays."""
    if not any(k in title_tokens for k in range(c.start, c.end)):
        return False
    lex = titles.lexicon()
    return all(
        titles.word(t) in lex.modifiers or titles.is_title_word(t) or t.lower_ in _PARTICLES
        for t in doc[c.start : c.end]
    )


def _name_token(token: Token, first: bool) -> bool:
    if token.is_punct and token.text in ("-", "‐"):
        return not first
    if token.lower_ in _PARTICLES:
        return not first
    return token.text[:1].isupper() and token.is_alpha and not titles.is_title_word(token)


# --- 3. gazetteer --------------------------------------------------------------------------


def _apply_gazetteer(
    doc: Doc, candidates: list[_Candidate], matches: list[gazetteer.Match], blocked: set[int]
) -> list[_Candidate]:
    """Listed names the model missed are added; a listed name keeps its listed label unless a
    title (or, for names that are also given names, the model) says it is a person."""
    out: list[_Candidate] = []
    occupied: dict[int, _Candidate] = {}
    for c in candidates:
        if c.entry is not None and not (c.title_start is not None or (c.label == PERSON and c.entry.person_name)):
            c.label = c.entry.label
        # a headline's capitalized words around a people's name ("Frozen Russian assets") are not a
        # person; a surname that is also a place ("Christine Monaco") is
        if (
            c.label == PERSON
            and c.entry is None
            and c.title_start is None
            and doc[c.start].is_sent_start
            and any(m.entry.label == NORP and c.start < m.start < c.end for m in matches)
        ):
            continue
        out.append(c)
        for k in range(c.start, c.end):
            occupied[k] = c
    for m in matches:
        if any(k in blocked for k in range(m.start, m.end)):
            continue
        overlapping = {id(occupied[k]): occupied[k] for k in range(m.start, m.end) if k in occupied}
        if not overlapping:
            out.append(_Candidate(m.start, m.end, m.entry.label, None, "gazetteer", m.entry))
            continue
        # a model span inside a listed name ("Abu" of "Abu Dhabi") gives way to it
        inside = all(m.start <= c.start and c.end <= m.end and c.title_start is None for c in overlapping.values())
        if inside and any((c.start, c.end) != (m.start, m.end) for c in overlapping.values()):
            out = [c for c in out if id(c) not in overlapping]
            new = _Candidate(m.start, m.end, m.entry.label, None, "gazetteer", m.entry)
            out.append(new)
            for k in range(m.start, m.end):
                occupied[k] = new
    return sorted(out, key=lambda c: c.start)


# --- 4. consistency ------------------------------------------------------------------------


def _key(doc: Doc, start: int, end: int) -> str:
    return " ".join(t.text for t in doc[start:end]).replace("’", "'")


def _consistent(doc: Doc, candidates: list[_Candidate], gaz: gazetteer.Gazetteer) -> list[_Candidate]:
    """One name, one label in an article: person evidence wins, otherwise the majority."""
    persons: set[str] = set()
    votes: dict[str, Counter[str]] = {}
    for c in candidates:
        key = _key(doc, c.start, c.end)
        votes.setdefault(key, Counter())[c.label] += 1
        if c.label != PERSON or (c.entry is not None and c.title_start is None):
            continue
        if c.title_start is not None or c.source == "appos" or c.end - c.start >= 2:
            persons.add(key)
            if c.end - c.start >= 2 and doc[c.end - 1].is_alpha:
                persons.add(doc[c.end - 1].text.replace("’", "'"))
    for c in candidates:
        key = _key(doc, c.start, c.end)
        if c.entry is not None and not c.entry.person_name and c.title_start is None:
            continue
        if key in persons:
            c.label = PERSON
        elif c.entry is None and c.title_start is None:
            label, count = votes[key].most_common(1)[0]
            if count * 2 > sum(votes[key].values()):
                c.label = label
    return candidates


_COMPANY = frozenset({"llc", "l.l.c.", "inc", "inc.", "corp", "corp.", "ltd", "ltd.", "co.", "plc", "l.p."})


def _not_actors(doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
    """Names that are no actor, or not the actor their label says (all read on BASIL): a law
    ("Defense of Marriage Act"), a family by its plural ("the Clintons" beside "Bill Clinton":
    two people, not one), and a company printed with its legal form ("Granny Sayz, L.L.C.")."""
    surnames = {doc[c.end - 1].text for c in candidates if c.label == PERSON and doc[c.end - 1].is_alpha}
    out: list[_Candidate] = []
    companies: set[str] = set()
    for c in candidates:
        last = doc[c.end - 1]
        if c.entry is None and c.end - c.start >= 2 and last.text == "Act":
            continue
        if (
            c.label == PERSON
            and c.end - c.start == 1
            and last.text.endswith("s")
            and last.text[:-1] in surnames
            and c.start > 0
            and doc[c.start - 1].lower_ == "the"
        ):
            continue
        k = c.end + (c.end < len(doc) and doc[c.end].text == ",")
        if c.entry is None and k < len(doc) and doc[k].lower_ in _COMPANY:
            companies.add(_key(doc, c.start, c.end))
        out.append(c)
    for c in out:  # the company is one in the whole article, also where its legal form is not printed
        if c.entry is None and _key(doc, c.start, c.end) in companies:
            c.label = ORG
    return out


def _echo(
    doc: Doc,
    candidates: list[_Candidate],
    blocked: set[int],
    names: dict[int, int],
    gaz: gazetteer.Gazetteer,
) -> list[_Candidate]:
    """Occurrences of a name the model tagged elsewhere in the article but skipped here."""
    known: dict[tuple[str, ...], str] = {}
    for c in candidates:
        if c.source == "gazetteer":
            continue
        known.setdefault(tuple(t.text for t in doc[c.start : c.end]), c.label)
        if c.label == PERSON and c.end - c.start >= 2 and doc[c.end - 1].is_alpha and c.entry is None:
            known.setdefault((doc[c.end - 1].text,), PERSON)
    if not known:
        return candidates
    firsts: dict[str, list[tuple[str, ...]]] = {}
    for k in sorted(known, key=len, reverse=True):
        firsts.setdefault(k[0], []).append(k)
    taken = {k for c in candidates for k in range(c.start if c.title_start is None else c.title_start, c.end)}
    stop = stopwords()
    added: list[_Candidate] = []
    for token in doc:
        keys = firsts.get(token.text)
        if keys is None or token.i in taken or token.i in blocked:
            continue
        for k in keys:
            end = token.i + len(k)
            if end > len(doc) or tuple(t.text for t in doc[token.i : end]) != k:
                continue
            if any(i in taken or i in blocked for i in range(token.i, end)):
                continue
            if token.is_sent_start and len(k) == 1 and token.lower_ in stop:
                continue
            before = doc[token.i - 1] if token.i > 0 else None
            after = doc[end] if end < len(doc) else None
            if after is not None and after.text[:1].isupper() and after.is_alpha and not after.is_sent_start:
                continue  # part of a longer name ("Trump Tower")
            if (
                before is not None
                and before.text[:1].isupper()
                and before.is_alpha
                and not before.is_sent_start
                and not titles.is_title_word(before)
            ):
                continue
            label = known[k]
            tstart = titles.title_before(doc, token.i, names) if label == PERSON else None
            added.append(_Candidate(token.i, end, label, tstart, "echo", gaz.get_tokens(doc[token.i : end])))
            taken.update(range(token.i, end))
            break
    return sorted(candidates + added, key=lambda c: c.start)


# --- records -------------------------------------------------------------------------------


def _to_mentions(
    doc: Doc, candidates: list[_Candidate], credits: list[tuple[int, int]], names: dict[int, int]
) -> list[Mention]:
    sent_starts = [s.start_char for s in doc.sents]
    mentions: list[Mention] = []
    last_end = -1
    for c in sorted(candidates, key=lambda c: (c.start, -(c.end - c.start))):
        if c.start < last_end or c.label not in ACTOR_LABELS:
            continue
        span = doc[c.start : c.end]
        if any(a <= span.start_char < b for a, b in credits):
            continue
        title_start = c.title_start
        if c.label == PERSON and title_start is None:
            title_start = titles.title_before(doc, c.start, names)
        title = doc[title_start : c.start].text if title_start is not None else None
        mentions.append(
            Mention(
                span.start_char,
                span.end_char,
                span.text,
                c.label,
                title,
                bisect_right(sent_starts, span.start_char) - 1,
            )
        )
        last_end = c.end
    return mentions
