"""The features of one article that every cross-article comparison reads.

Computed once per article in the worker processes (the expensive part: hashing
every shingle), stored, and compared in the corpus stage without touching the
body again. `VERSION` is bumped whenever the computation changes, so stale
features are recomputed rather than compared with fresh ones.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Collection
from functools import cache

import numpy as np
from datasketch import MinHash

from storyline.analyze.signals.names import HONORIFICS, proper_names
from storyline.analyze.signals.templates import body_without
from storyline.model import Article
from storyline.records import Features
from storyline.text import content_words, shingles, stopwords, words

VERSION = 5  # 5: an outlet's template paragraphs left out (analyze/signals/templates.py)
NUM_PERM = 128
SHINGLE = 5  # words: a light edit keeps most 5-word runs, two reports share almost none
SKELETON_GRAM = 3
TOP_TERMS = 150  # body terms kept per article for story clustering

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
# Quote marks paired in order within a paragraph; an unclosed quote runs to the paragraph's end.
_QUOTE = re.compile(r"[\"“]([^\"“”\n]*)(?:[\"”]|$)", re.M)
MIN_QUOTE = 12  # characters: a shorter quote ("mirror") is a word, not a statement to match on


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    permutations: tuple[np.ndarray, np.ndarray] = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32").permutations
    return permutations


def minhash(items: set[str]) -> np.ndarray:
    sketch = MinHash(num_perm=NUM_PERM, permutations=_permutations(), scheme="affine32")
    if items:
        sketch.update_batch([i.encode("utf-8") for i in items])
    values: np.ndarray = sketch.hashvalues.astype(np.uint32)
    return values


def skeleton(body: str, names: list[str] | None = None) -> tuple[str, ...]:
    """What a rewriting tool leaves intact, in order: names, numbers and quotes.

    A quote is one token (a hash of its words): a spun copy keeps every quote, and
    counting a shared quote once keeps two reports that quote the same speaker
    from looking like copies of each other."""
    marks: list[tuple[int, str]] = []
    quotes = list(_QUOTE.finditer(body))
    for match in quotes:
        if len(match.group(1).strip()) >= MIN_QUOTE:
            digest = hashlib.blake2s(" ".join(words(match.group(1))).encode(), digest_size=4).hexdigest()
            marks.append((match.start(), "q:" + digest))
    quoted = [(m.start(), m.end()) for m in quotes]
    outside = _blank(body, quoted)
    for match in _NUMBER.finditer(outside):
        marks.append((match.start(), match.group(0).replace(",", "")))
    position = 0
    lowered = outside.lower()
    for name in proper_names(outside) if names is None else names:
        first = name.split()[0]
        found = lowered.find(first, position)
        if found < 0:
            found = position
        marks.append((found, name))
        position = found + 1
    return tuple(token for _, token in sorted(marks, key=lambda m: m[0]))


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the given spans replaced by spaces (offsets stay the same)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")


def _years(text: str) -> list[str]:
    """Years the text names: two events of one kind (two fights, two quakes) are often told apart by them."""
    return _YEAR.findall(text)


def _name_terms(names: list[str]) -> list[str]:
    """A name counts whole and by each of its words, so "Volodymyr Zelensky" and a
    later bare "Zelensky" meet."""
    stop = stopwords()
    terms: list[str] = []
    for name in names:
        parts = [p for p in name.split() if p not in stop and p not in HONORIFICS and len(p) > 1]
        terms.extend(parts)
        if len(parts) > 1:
            terms.append(" ".join(parts))
    return terms


def compute(article: Article, skip: Collection[int] = ()) -> Features:
    """The article's features; `skip` holds the indices of paragraphs left out of what is
    compared (its outlet's template paragraphs: analyze/signals/templates.py).

    The word key stays that of the whole body: an exact copy is the same words, boilerplate
    and all. Everything else (words, shingles, skeleton, terms, names) is of the rest."""
    body = body_without(article, skip)
    tokens = words(body)
    whole = words(article.body) if skip else tokens
    bag = shingles(tokens, SHINGLE)
    names = proper_names(_blank(body, [(m.start(), m.end()) for m in _QUOTE.finditer(body)]))
    bones = skeleton(body, names)
    body_terms = Counter(content_words(tokens)).most_common(TOP_TERMS)
    title_names = proper_names(article.title) if article.title else []
    return Features(
        words=len(tokens),
        word_key=hashlib.sha256(" ".join(whole).encode("utf-8")).hexdigest()[:16],
        shingles=len(bag),
        minhash=minhash(bag),
        skeleton=bones,
        skeleton_hash=minhash(shingles(list(bones), SKELETON_GRAM)),
        terms={
            "body": dict(body_terms),
            "title": dict(Counter(content_words(article.title or ""))),
            "names": dict(Counter(_name_terms(names + title_names) + _years(body))),
        },
    )
