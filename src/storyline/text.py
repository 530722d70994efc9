"""Words, as every stage that compares texts counts them.

One tokenizer for copies, stories and claims, so that "Erdoğan" and "Erdogan",
"Kyiv's" and "Kyiv" are the same word wherever texts are compared.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from storyline import data

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$")


def fold(text: str) -> str:
    """Case, diacritics and apostrophe styles folded: the form words are compared in."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():
        return decomposed
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


def words(text: str) -> list[str]:
    """Folded words, possessive 's dropped ("Kyiv's" -> "kyiv")."""
    return [_POSSESSIVE.sub("", w) for w in _WORD.findall(fold(text))]


@cache
def stopwords() -> frozenset[str]:
    return frozenset(w for line in data.lines("text", "stopwords.txt") for w in line.split())


def content_words(text: str | list[str]) -> list[str]:
    """Words that carry meaning: no stopwords, no single letters, no bare numbers.
    Takes a text, or the `words` of one already split."""
    stop = stopwords()
    tokens = words(text) if isinstance(text, str) else text
    return [w for w in tokens if w not in stop and len(w) > 1 and not w.isdigit()]


def shingles(tokens: list[str], size: int) -> set[str]:
    """Overlapping word n-grams: what survives light edits of a text and little else."""
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}
