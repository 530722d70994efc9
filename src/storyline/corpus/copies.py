"""Is this article a copy of one already stored?

Three kinds, from the cheapest test to the most tolerant:

- **exact**: the same words in the same order (punctuation, layout and case aside);
- **near-duplicate**: the same wire story reprinted with edits, a new headline,
  cut or added paragraphs. MinHash over 5-word shingles, candidates from LSH
  bands kept in the store, then the shingle *containment* of the shorter text
  in the longer (a reprint cut to half its length still contains what it kept);
- **paraphrase**: the same article with words swapped by a rewriting tool.
  Shingles do not survive that, but the skeleton does: the names, numbers and
  quotes in their order. Two different reports of one event share many names
  and quotes, but not their order and density, so the skeletons are aligned
  (Indel similarity) rather than compared as bags.

Thresholds are calibrated in benchmarks/copies.py; see docs/corpus.md.
"""

from __future__ import annotations

import hashlib

import numpy as np
from rapidfuzz.distance import Indel

from storyline.records import CopyLink, Features
from storyline.store.features import FeatureTables
from storyline.store.stories import StoryTables

BANDS = 42  # x 3 rows of the 128-permutation sketch: a candidate from Jaccard ~0.3 up (benchmarks/copies.py)
ROWS = 3
BODY, SKELETON = 0, 1
MAX_CANDIDATES = 40  # per space, those sharing the most bands
PER_KEY = 8  # articles read per band key: a key shared by a thousand copies leads to their original through any of them

NEAR_DUPLICATE_CONTAINMENT = 0.5  # two reports of one event: < 0.05; a light edit: > 0.7
PARAPHRASE_SKELETON = 0.75  # two reports of one event: < 0.5; a 30% spin: > 0.85
MIN_SKELETON = 12  # tokens: a skeleton shorter than this says too little to call a copy
MAX_LENGTH_RATIO = 1.6  # a paraphrase keeps the length of its original


def band_keys(signature: np.ndarray, space: int) -> list[int]:
    """One 63-bit key per band of the sketch; equal keys are LSH candidates."""
    keys = []
    for band in range(BANDS):
        chunk = signature[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(bytes([space, band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big") >> 1)
    return keys


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


def containment(j: float, size_a: int, size_b: int) -> float:
    """Share of the smaller shingle set inside the larger, from their Jaccard and sizes."""
    if not size_a or not size_b:
        return 0.0
    intersection = j * (size_a + size_b) / (1 + j)
    return min(1.0, intersection / min(size_a, size_b))


class CopyIndex:
    """Copy lookups over the features and LSH bands kept in the store (the bands are the
    index's storage: `StoryTables`, behind which another back end could keep them)."""

    def __init__(self, tables: StoryTables, features: FeatureTables) -> None:
        self.tables = tables
        self.features = features

    def add(self, article_id: str, features: Features) -> None:
        rows = [(BODY, k, article_id) for k in band_keys(features.minhash, BODY)]
        rows += [(SKELETON, k, article_id) for k in band_keys(features.skeleton_hash, SKELETON)]
        self.tables.add_bands(rows)

    def find(self, article_id: str, features: Features, *, among: list[str] = ()) -> CopyLink | None:  # type: ignore[assignment]
        """The original this article copies, if any; `among` adds candidates the caller
        already knows are close (the articles of the same story)."""
        exact = self.tables.placed_with_words(features.word_key, article_id)  # never a later article
        if exact:
            return CopyLink(self._root(exact), "exact", 1.0, {"words": features.words})
        candidates = set(self._candidates(BODY, features.minhash)) | set(among)
        candidates |= set(self._candidates(SKELETON, features.skeleton_hash))
        candidates.discard(article_id)
        best: CopyLink | None = None
        for other_id, other in self._load(candidates):
            link = compare(features, other, other_id)
            if link is not None and (best is None or _rank(link) > _rank(best)):
                best = link
        if best is None:
            return None
        root = self._root(best.original_id)
        if root == article_id:  # never a copy of itself, whatever the chain
            return None
        return CopyLink(root, best.kind, best.score, best.evidence)

    def _candidates(self, space: int, signature: np.ndarray) -> list[str]:
        shared = self.tables.band_candidates(space, band_keys(signature, space), PER_KEY)
        return [article_id for article_id, _ in shared.most_common(MAX_CANDIDATES)]

    def _load(self, ids: set[str]) -> list[tuple[str, Features]]:
        return self.features.load(sorted(ids)) if ids else []

    def _root(self, article_id: str) -> str:
        """Copies point at the original, never at another copy."""
        seen = {article_id}
        while True:
            original = self.tables.original_of(article_id)
            if original is None or original in seen:
                return article_id
            article_id = original
            seen.add(article_id)


def _rank(link: CopyLink) -> tuple[int, float]:
    return ({"exact": 3, "near-duplicate": 2, "paraphrase": 1}[link.kind], link.score)


def compare(features: Features, other: Features, other_id: str) -> CopyLink | None:
    """The copy relation between two articles' features, or None."""
    j = jaccard(features.minhash, other.minhash)
    c = containment(j, features.shingles, other.shingles)
    if c >= NEAR_DUPLICATE_CONTAINMENT:
        return CopyLink(other_id, "near-duplicate", round(c, 3), {"jaccard": round(j, 3), "containment": round(c, 3)})
    a, b = features.skeleton, other.skeleton
    if min(len(a), len(b)) < MIN_SKELETON or max(len(a), len(b)) > MAX_LENGTH_RATIO * min(len(a), len(b)):
        return None
    similarity = Indel.normalized_similarity(a, b)
    if similarity >= PARAPHRASE_SKELETON:
        return CopyLink(
            other_id,
            "paraphrase",
            round(similarity, 3),
            {"skeleton_similarity": round(similarity, 3), "skeleton_tokens": [len(a), len(b)], "jaccard": round(j, 3)},
        )
    return None
