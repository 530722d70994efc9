"""The features stage's tables: features, paraphrase flags, sentence embeddings, outlet paragraphs.

One row per article in each of the first three; arrays are kept as raw bytes. Each row
records the version (or model) that computed it, so stale rows are found by a query and
recomputed rather than compared with fresh ones. `outlet_paragraphs` holds a hash of each
long paragraph of an article under its outlet, from which the stage tells an outlet's
template paragraphs (analyze/signals/templates.py).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np

from storyline.records import Features, ParaphraseFlag

_SEP = "\x1f"
_IN_CHUNK = 500  # ids per `IN (...)` lookup, well under SQLite's parameter limit


class FeatureTables:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def pending(self, version: int, *, model: str | None = None) -> list[str]:
        """Ids of the articles whose features are missing or of another version (with `model`,
        also those whose embedding is missing or of another model), in arrival order."""
        if model is not None:
            sql = (
                "SELECT a.id FROM articles a LEFT JOIN features f ON f.article_id = a.id "
                "LEFT JOIN embeddings e ON e.article_id = a.id "
                "WHERE f.article_id IS NULL OR f.version != ? OR e.article_id IS NULL OR e.model != ? ORDER BY a.seq"
            )
            return [r[0] for r in self.db.execute(sql, (version, model))]
        sql = (
            "SELECT a.id FROM articles a LEFT JOIN features f ON f.article_id = a.id "
            "WHERE f.article_id IS NULL OR f.version != ? ORDER BY a.seq"
        )
        return [r[0] for r in self.db.execute(sql, (version,))]

    def save(
        self,
        article_id: str,
        version: int,
        f: Features,
        flag: ParaphraseFlag,
        embedding: tuple[str, bytes] | None = None,
    ) -> None:
        """One article's features, its paraphrase flag and, when computed, its (model, vector)."""
        self.db.execute(
            "INSERT OR REPLACE INTO features(article_id, version, words, word_key, shingles, minhash, skeleton, "
            "skeleton_hash, terms, computed_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                article_id,
                version,
                f.words,
                f.word_key,
                f.shingles,
                f.minhash.astype(np.uint32).tobytes(),
                _SEP.join(f.skeleton),
                f.skeleton_hash.astype(np.uint32).tobytes(),
                json.dumps(f.terms, ensure_ascii=False, separators=(",", ":")),
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
        self.db.execute(
            "INSERT OR REPLACE INTO paraphrase_flags(article_id, flag, score, evidence) VALUES (?,?,?,?)",
            (
                article_id,
                int(flag.flag),
                flag.score,
                json.dumps([e.as_dict() for e in flag.evidence], ensure_ascii=False),
            ),
        )
        if embedding is not None:
            self.db.execute(
                "INSERT OR REPLACE INTO embeddings(article_id, model, vector) VALUES (?,?,?)",
                (article_id, *embedding),
            )

    def record_paragraphs(self, rows: Iterable[tuple[str, int, str]]) -> None:
        """(outlet, paragraph hash, article id) rows; one already recorded is left as it is."""
        self.db.executemany("INSERT OR IGNORE INTO outlet_paragraphs(outlet, hash, article_id) VALUES (?,?,?)", rows)

    def paragraph_carriers(self, outlet: str, hashes: Sequence[int]) -> dict[int, int]:
        """How many articles of the outlet carry each of these paragraphs (those carried by none are left out)."""
        found: dict[int, int] = {}
        for start in range(0, len(hashes), _IN_CHUNK):
            chunk = list(hashes[start : start + _IN_CHUNK])
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT hash, COUNT(*) FROM outlet_paragraphs WHERE outlet = ? AND hash IN ({marks}) GROUP BY hash",
                [outlet, *chunk],
            )
            found.update((int(r[0]), int(r[1])) for r in rows)
        return found

    def paragraph_carrier_ids(self, outlet: str, paragraph: int, limit: int) -> list[str]:
        """The first `limit` articles of the outlet (in arrival order) that carry the paragraph."""
        rows = self.db.execute(
            "SELECT p.article_id FROM outlet_paragraphs p JOIN articles a ON a.id = p.article_id "
            "WHERE p.outlet = ? AND p.hash = ? ORDER BY a.seq LIMIT ?",
            (outlet, paragraph, limit),
        )
        return [r[0] for r in rows]

    def load(self, ids: list[str]) -> list[tuple[str, Features]]:
        found: list[tuple[str, Features]] = []
        for start in range(0, len(ids), _IN_CHUNK):
            chunk = ids[start : start + _IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT article_id, words, word_key, shingles, minhash, skeleton, skeleton_hash, terms "
                f"FROM features WHERE article_id IN ({marks})",
                chunk,
            )
            for row in rows:
                found.append((row[0], _features(row)))
        return found

    def skeletons(self, ids: list[str]) -> dict[str, tuple[str, ...]]:
        """The skeletons alone, with no terms to decode: all an opening comparison reads."""
        found: dict[str, tuple[str, ...]] = {}
        for start in range(0, len(ids), _IN_CHUNK):
            chunk = ids[start : start + _IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            for article_id, skeleton in self.db.execute(
                f"SELECT article_id, skeleton FROM features WHERE article_id IN ({marks})", chunk
            ):
                found[str(article_id)] = tuple(str(skeleton).split(_SEP)) if skeleton else ()
        return found

    def embeddings(self, model: str, ids: list[str]) -> dict[str, bytes]:
        """The stored vectors of `model` for these articles (as bytes; the caller decodes)."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT article_id, vector FROM embeddings WHERE model = ? AND article_id IN ({marks})", [model, *ids]
        )
        return {row[0]: bytes(row[1]) for row in rows}

    def paraphrase_flag(self, article_id: str) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT flag, score, evidence FROM paraphrase_flags WHERE article_id = ?", (article_id,)
        ).fetchone()
        return {"flag": bool(row[0]), "score": row[1], "evidence": json.loads(row[2])} if row else None


def _features(row: Any) -> Features:
    _, words, word_key, shingles, minhash, skeleton, skeleton_hash, terms = row
    return Features(
        words=int(words),
        word_key=str(word_key),
        shingles=int(shingles),
        minhash=np.frombuffer(minhash, dtype=np.uint32),
        skeleton=tuple(str(skeleton).split(_SEP)) if skeleton else (),
        skeleton_hash=np.frombuffer(skeleton_hash, dtype=np.uint32),
        terms=json.loads(str(terms)),
    )
