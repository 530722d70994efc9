"""Known places, organisations and peoples, shipped as data (`data/actors/gazetteer.tsv`).

The small English model misses or mislabels the most common actors of world news
(Kyiv as a person, Nato as nothing, "ISTANBUL" in a dateline as an organisation). A
closed list of countries, capitals, major cities, international bodies and demonyms
fixes those cheaply: matching is a dict lookup on the first token, then the longest
token sequence that is listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from storyline import data

# Apostrophe styles folded so "Côte d’Ivoire" and "Côte d'Ivoire" are one entry.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One listed surface form."""

    label: str
    canonical: str
    person_name: bool  # also a common given name or surname ("Georgia", "Jordan"): never overrides a person


@dataclass(frozen=True, slots=True)
class Match:
    """A listed name found in a doc, as a token range [start, end)."""

    start: int
    end: int
    entry: Entry


class Gazetteer:
    """Surface forms keyed by their token tuple, so lookup follows spaCy's tokenization."""

    def __init__(self, rows: list[tuple[str, Entry]]) -> None:
        self._forms: dict[tuple[str, ...], Entry] = {}
        self._longest: dict[str, int] = {}
        from storyline.analyze import nlp

        tokenizer = nlp.load().tokenizer
        for surface, entry in rows:
            key = tuple(t.text.translate(_APOSTROPHES) for t in tokenizer(surface))
            self._forms.setdefault(key, entry)
            self._longest[key[0]] = max(self._longest.get(key[0], 0), len(key))

    def get(self, text: str) -> Entry | None:
        """The entry for a whole surface form as printed (title-cased if printed in capitals)."""
        return self._forms.get(tuple(text.translate(_APOSTROPHES).split())) or self._forms.get(
            tuple(_decapitalize(text.translate(_APOSTROPHES)).split())
        )

    def get_tokens(self, tokens: Span | Sequence[Token]) -> Entry | None:
        key = tuple(_key(t) for t in tokens)
        entry = self._forms.get(key)
        if entry is None and all(t.is_upper for t in tokens):
            entry = self._forms.get(tuple(_decapitalize(k) for k in key))
        return entry

    def matches(self, doc: Doc) -> list[Match]:
        """Longest listed names, left to right, without overlaps."""
        found: list[Match] = []
        i, n = 0, len(doc)
        while i < n:
            first = _key(doc[i])
            longest = self._longest.get(first)
            if longest is None and doc[i].is_upper and len(first) > 1:
                first = _decapitalize(first)
                longest = self._longest.get(first)
            if longest is None:
                i += 1
                continue
            for size in range(min(longest, n - i), 0, -1):
                entry = self.get_tokens(doc[i : i + size])
                if entry is not None:
                    found.append(Match(i, i + size, entry))
                    i += size
                    break
            else:
                i += 1
        return found


def _key(token: Token) -> str:
    return token.text.translate(_APOSTROPHES)


def _decapitalize(text: str) -> str:
    """ "ISTANBUL" -> "Istanbul": datelines print names in capitals; acronyms are listed as printed."""
    return " ".join(w.capitalize() if w.isupper() and len(w) > 3 else w for w in text.split())


@cache
def load() -> Gazetteer:
    """The shipped gazetteer (read once per process)."""
    rows: list[tuple[str, Entry]] = []
    for cols in data.rows("actors", "gazetteer.tsv"):
        flags = cols[3].split(",") if len(cols) > 3 else []
        rows.append((cols[0], Entry(cols[1], cols[2], "person-name" in flags)))
    return Gazetteer(rows)
