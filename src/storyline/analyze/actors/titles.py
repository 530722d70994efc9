"""Titles and honorifics printed before a name: evidence of a person, and a role.

"Defence Minister Rustem Umerov": the words before the name are an office, not part of
the name and not an organisation, and they prove the name is a person's. The word lists
are data (`data/actors/titles.txt`); the grammar here is small: a run of modifiers, place or
organisation names and connectors ending in a head word ("minister", "spokesman"), or a
head followed by an "of/for" phrase ("Secretary of State").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from storyline import data

_CONNECTORS = frozenset({"of", "for", "the", "and", "on"})
_POSSESSIVE = frozenset({"'s", "’s"})


@dataclass(frozen=True, slots=True)
class Lexicon:
    honorifics: frozenset[str]
    heads: frozenset[str]
    modifiers: frozenset[str]
    institutions: frozenset[str]


@cache
def lexicon() -> Lexicon:
    """The shipped title lists (read once per process)."""
    sections: dict[str, set[str]] = {}
    current = sections.setdefault("", set())
    for raw in data.lines("actors", "titles.txt"):
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], set())
        else:
            current.add(line)
    return Lexicon(
        frozenset(sections.get("honorific", ())),
        frozenset(sections.get("head", ())),
        frozenset(sections.get("modifier", ())),
        frozenset(sections.get("institution", ())),
    )


def word(token: Token) -> str:
    """The lexicon key of a token: lower case, without an abbreviation's dot."""
    return token.lower_.rstrip(".")


def is_honorific(text: str) -> bool:
    """A bare courtesy form ("Mr", "Dr."): evidence of a person, but not a role."""
    words = text.lower().replace(".", "").split()
    return bool(words) and all(w in lexicon().honorifics for w in words)


def strip_honorifics(text: str) -> str:
    """A title without its courtesy words ("Mr" in "Foreign Minister Mr"), for use as a role."""
    honorifics = lexicon().honorifics
    return " ".join(w for w in text.split() if w.lower().rstrip(".") not in honorifics)


def is_title_word(token: Token) -> bool:
    lex = lexicon()
    w = word(token)
    return w in lex.heads or w in lex.honorifics


def title_before(doc: Doc, name_start: int, names: dict[int, int]) -> int | None:
    """The first token of a title ending right before `name_start`, or None.

    `names` maps the last token of each known place/organisation/people name to its start,
    so "Kremlin spokesman" and "US Secretary of State" take their name in the title.
    """
    lex = lexicon()
    kinds: list[tuple[int, str]] = []  # (token index, kind), right to left
    j = name_start - 1
    while j >= 0:
        token = doc[j]
        if "\n" in token.text or "\n" in token.whitespace_:
            break
        w = word(token)
        if w in lex.honorifics and not kinds:
            kinds.append((j, "honorific"))
        elif w in lex.heads:
            kinds.append((j, "head"))
        elif w in lex.modifiers:
            kinds.append((j, "modifier"))
        elif w in _CONNECTORS and kinds:
            kinds.append((j, "connector"))
        elif token.text in _POSSESSIVE and j - 1 in names:
            kinds.append((j, "possessive"))
            j = names[j - 1]
            kinds.append((j, "name"))
        elif j in names:
            j = names[j]
            kinds.append((j, "name"))
        else:
            break
        j -= 1
    kinds.reverse()
    # leading connectors and dangling possessives are not part of the title ("the", "of")
    while kinds and kinds[0][1] in ("connector", "possessive"):
        kinds.pop(0)
    if not kinds:
        return None
    anchors = [k for k, (_, kind) in enumerate(kinds) if kind in ("head", "honorific")]
    if not anchors:
        return None
    tail = kinds[anchors[-1] + 1 :]
    # after the last head only an "of/for" phrase may follow: "Secretary of State", "Minister for Europe"
    if tail and (tail[0][1] != "connector" or doc[tail[0][0]].lower_ not in ("of", "for")):
        return None
    if tail and tail[-1][1] == "connector":
        return None
    return kinds[0][0]
