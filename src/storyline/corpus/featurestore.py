"""Features in and out of the store: one row per article, arrays as raw bytes."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

import numpy as np

from storyline.analyze.features import VERSION, Features

_SEP = "\x1f"


def save_features(db: sqlite3.Connection, article_id: str, f: Features) -> None:
    db.execute(
        "INSERT OR REPLACE INTO features(article_id, version, words, word_key, shingles, minhash, skeleton, "
        "skeleton_hash, terms, computed_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (
            article_id,
            VERSION,
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


def load_features(db: sqlite3.Connection, ids: list[str]) -> list[tuple[str, Features]]:
    found: list[tuple[str, Features]] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT article_id, words, word_key, shingles, minhash, skeleton, skeleton_hash, terms "
            f"FROM features WHERE article_id IN ({marks})",
            chunk,
        )
        for row in rows:
            found.append((row[0], _features(row)))
    return found


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
