"""Is this article a copy of one already stored?

Three kinds, from the cheapest test to the most tolerant:

- **exact**: the same words in the same order (punctuation, layout and case aside);
- **near-duplicate**: the same wire story reprinted with edits, a new headline,
  cut or added paragraphs. MinHash over 5-word shingles, candidates from LSH
  bands kept in the store, then the shingle *containment* of the shorter text
  in the longer (a reprint cut to half its length still contains what it kept);
- **paraphrase**: the same article with words swapped by a rewriting tool, or
  reworded sentence by sentence (clauses moved, sentences split and merged).
  Shingles do not survive that, but the skeleton does: the names, numbers and
  quotes in their order. Two different reports of one event share many names
  and quotes, but not their order and density, so the skeletons are aligned
  rather than compared as bags: whole against whole (Indel similarity), and the
  shorter against the *opening* of the longer (a rewrite that a crawler kept
  only the first 2,000 characters of is the opening of its original), where a
  token moved a few places by a reordered clause still counts.

Thresholds are calibrated in benchmarks/copies.py; see docs/corpus.md.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from functools import cache

import numpy as np
from rapidfuzz.distance import Indel, LCSseq

from storyline.analyze.signals.features import minhash
from storyline.records import CopyLink, Features
from storyline.store.features import FeatureTables
from storyline.store.stories import StoryTables

BANDS = 42  # x 3 rows of the 128-permutation sketch: a candidate from Jaccard ~0.3 up (benchmarks/copies.py)
ROWS = 3
BODY, SKELETON, OPENING = 0, 1, 2
MAX_CANDIDATES = 40  # per space, those sharing the most bands
PER_KEY = 8  # articles read per band key: a key shared by a thousand copies leads to their original through any of them

NEAR_DUPLICATE_CONTAINMENT = 0.5  # two reports of one event: < 0.05; a light edit: > 0.7
PARAPHRASE_SKELETON = 0.75  # two reports of one event: < 0.5; a 30% spin: > 0.85
MIN_SKELETON = 12  # tokens: a skeleton shorter than this says too little to call a copy
MAX_LENGTH_RATIO = 1.6  # a paraphrase keeps the length of its original
# Openings (benchmarks/rewrites.py, train part; sizes are skeleton weights, `skeleton_weight`): a
# rewrite, whole or cut to its first 800-2,000 characters, keeps >= 0.68 of a skeleton of 10+ in its
# original's opening (p1 0.74); a report of the same event, whole or cut, keeps <= 0.59 of its
# skeleton in another's opening, and of all copies against all other originals (~1M pairs, train
# and test) none keeps 0.65.
OPENING_CONTAINMENT = 0.8
MIN_OPENING = 8  # the shorter text's skeleton weight: less says too little
SHORT_OPENING = 10  # under this weight chance agreement is likelier: the bar is higher
SHORT_OPENING_CONTAINMENT = 0.85  # weight 8-10: rewrites p5 0.86, other reports <= 0.53 (train)
OPENING_SLACK = 1.2  # the longer's opening read: 1.2 x the shorter's tokens, + 3
REORDER_WINDOW = 3  # tokens: how far a reordered clause may move a name, number or quote
OPENING_TOKENS = 20  # the skeleton's first tokens, as a set, give the opening candidates
OPENING_BANDS, OPENING_ROWS = 16, 2  # a candidate from a Jaccard of the two sets of ~0.25 up


def band_keys(signature: np.ndarray, space: int, bands: int = BANDS, rows: int = ROWS) -> list[int]:
    """One 63-bit key per band of the sketch; equal keys are LSH candidates."""
    keys = []
    for band in range(bands):
        chunk = signature[band * rows : (band + 1) * rows].tobytes()
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
        self._opening: tuple[Features | None, list[int]] = (None, [])  # computed by find, reused by add

    def _opening_keys(self, features: Features) -> list[int]:
        if self._opening[0] is not features:
            self._opening = (features, opening_keys(features.skeleton))
        return self._opening[1]

    def add(self, article_id: str, features: Features) -> None:
        rows = [(BODY, k, article_id) for k in band_keys(features.minhash, BODY)]
        rows += [(SKELETON, k, article_id) for k in band_keys(features.skeleton_hash, SKELETON)]
        rows += [(OPENING, k, article_id) for k in self._opening_keys(features)]
        self.tables.add_bands(rows)

    def find(self, article_id: str, features: Features, *, among: list[str] = ()) -> CopyLink | None:  # type: ignore[assignment]
        """The original this article copies, if any; `among` adds candidates the caller
        already knows are close (the articles of the same story)."""
        exact = self.tables.placed_with_words(features.word_key, article_id)  # never a later article
        if exact:
            return CopyLink(self._root(exact), "exact", 1.0, {"words": features.words})
        candidates = set(self._candidates(BODY, features.minhash)) | set(among)
        candidates |= set(self._candidates(SKELETON, features.skeleton_hash))
        # an opening candidate is tested as an opening only: the opening sketch is loose (a Jaccard
        # of ~0.25 of 20 tokens), and the shingle test on what it brings would link a page to
        # another that merely ends with the same outlet footer
        openings = set(self._shared(OPENING, self._opening_keys(features))) - candidates - {article_id}
        candidates.discard(article_id)
        links = [compare(features, other, other_id) for other_id, other in self._load(candidates)]
        if openings:  # their skeletons are all the opening test reads
            links += [
                opening_link(features.skeleton, b, i) for i, b in self.features.skeletons(sorted(openings)).items()
            ]
        best: CopyLink | None = None
        for link in links:
            if link is not None and (best is None or _rank(link) > _rank(best)):
                best = link
        if best is None:
            return None
        root = self._root(best.original_id)
        if root == article_id:  # never a copy of itself, whatever the chain
            return None
        return CopyLink(root, best.kind, best.score, best.evidence)

    def _candidates(self, space: int, signature: np.ndarray) -> list[str]:
        return self._shared(space, band_keys(signature, space))

    def _shared(self, space: int, keys: list[int]) -> list[str]:
        if not keys:
            return []
        shared = self.tables.band_candidates(space, keys, PER_KEY)
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


def compare(features: Features, other: Features, other_id: str, *, opening_only: bool = False) -> CopyLink | None:
    """The copy relation between two articles' features, or None; `opening_only`: the opening test alone."""
    j = jaccard(features.minhash, other.minhash)
    c = containment(j, features.shingles, other.shingles)
    if c >= NEAR_DUPLICATE_CONTAINMENT and not opening_only:
        return CopyLink(other_id, "near-duplicate", round(c, 3), {"jaccard": round(j, 3), "containment": round(c, 3)})
    a, b = features.skeleton, other.skeleton
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    evidence: dict[str, object] = {"skeleton_tokens": [len(a), len(b)], "jaccard": round(j, 3)}
    whole = not opening_only and len(shorter) >= MIN_SKELETON and len(longer) <= MAX_LENGTH_RATIO * len(shorter)
    if whole:
        similarity = Indel.normalized_similarity(a, b)
        if similarity >= PARAPHRASE_SKELETON:
            return CopyLink(
                other_id, "paraphrase", round(similarity, 3), {"skeleton_similarity": round(similarity, 3)} | evidence
            )
    return opening_link(a, b, other_id, {"jaccard": round(j, 3)})


def opening_link(
    a: tuple[str, ...], b: tuple[str, ...], other_id: str, evidence: dict[str, object] | None = None
) -> CopyLink | None:
    """The opening test alone, on two skeletons: a paraphrase link, or None."""
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    counts = Counter(shorter)
    size = sum(_harmonic(n) for n in counts.values())
    if size < MIN_OPENING:
        return None
    needed = OPENING_CONTAINMENT if size >= SHORT_OPENING else SHORT_OPENING_CONTAINMENT
    # the share kept can be no more than the weighted bag overlap: most candidates stop here
    opening = Counter(longer[: _opening_length(shorter)])
    if sum(_harmonic(min(n, opening[t])) for t, n in counts.items() if t in opening) < needed * size:
        return None
    kept = opening_containment(shorter, longer)
    if kept < needed:
        return None
    found = {"skeleton_opening": round(kept, 3), "skeleton_tokens": [len(a), len(b)]}
    return CopyLink(other_id, "paraphrase", round(kept, 3), found | (evidence or {}))


@cache
def _harmonic(n: int) -> float:
    """1 + 1/2 + ... + 1/n: the weight of a token mentioned n times."""
    return sum(1 / k for k in range(1, n + 1))


def _opening_length(shorter: tuple[str, ...]) -> int:
    return int(OPENING_SLACK * len(shorter)) + 3


def skeleton_weight(skeleton: tuple[str, ...]) -> float:
    """The skeleton's tokens, a name's k-th mention counting 1/k: what a text says, not how often
    it repeats its main name (a short page saying "BP" five times says less than ten tokens)."""
    return sum(_harmonic(n) for n in Counter(skeleton).values())


def opening_keys(skeleton: tuple[str, ...]) -> list[int]:
    """Band keys of the set of the skeleton's first tokens: a cut copy and its original open alike,
    whatever their lengths (the whole-skeleton sketch of a third of a text misses its original)."""
    if skeleton_weight(skeleton) < MIN_OPENING:
        return []
    signature = minhash(set(skeleton[:OPENING_TOKENS]))
    return band_keys(signature, OPENING, OPENING_BANDS, OPENING_ROWS)


def opening_containment(shorter: tuple[str, ...], longer: tuple[str, ...]) -> float:
    """Share of the shorter skeleton found in order in the longer's opening, a token moved past up
    to REORDER_WINDOW others counting as in order, and a name's k-th mention weighing 1/k.

    The ordered part is the longest common subsequence; then each token it left out is looked for
    among the opening's unmatched tokens near the gap the alignment leaves for it ("Y, X said" for
    "X said that Y" moves X past Y's names). Two reports of one event open with the same names,
    but not with the same run of names, numbers and quotes; what they do share is the name they
    both repeat ("Farenthold" eight times), hence the weights."""
    if not shorter:
        return 0.0
    opening = longer[: _opening_length(shorter)]
    placed = [-1] * len(shorter)  # where each token of the shorter sits in the opening, -1: nowhere
    for block in LCSseq.editops(shorter, opening).as_matching_blocks():
        for k in range(block.size):
            placed[block.a + k] = block.b + k
    used = {k for k in placed if k >= 0}
    before = [-1] * len(shorter)  # the opening position of the last aligned token up to i
    after = [len(opening)] * len(shorter)  # and of the first from i on
    for i in range(len(shorter)):
        before[i] = placed[i] if placed[i] >= 0 else (before[i - 1] if i else -1)
    for i in reversed(range(len(shorter))):
        after[i] = placed[i] if placed[i] >= 0 else (after[i + 1] if i + 1 < len(shorter) else len(opening))
    mentions: Counter[str] = Counter()
    found = total = 0.0
    for i, token in enumerate(shorter):
        mentions[token] += 1
        weight = 1 / mentions[token]
        total += weight
        if placed[i] < 0:
            window = range(max(0, before[i] - REORDER_WINDOW), min(len(opening), after[i] + REORDER_WINDOW + 1))
            moved = next((k for k in window if k not in used and opening[k] == token), None)
            if moved is None:
                continue
            used.add(moved)
        found += weight
    return found / total
