"""The anchors stage's table: a publication day inferred for an article that prints none."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any


class AnchorTables:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def add_weekday(self, article_id: str, weekday: int | None) -> None:
        """A row for a newly read undated article: its own weekday, no day yet."""
        self.db.execute(
            "INSERT INTO date_anchors(article_id, weekday, day, method, evidence) VALUES (?, ?, NULL, NULL, '[]')",
            (article_id, weekday),
        )

    def candidates(self) -> list[tuple[str, int, str | None]]:
        """(article, weekday, current day or None) of the undated articles with a weekday, in arrival order."""
        rows = self.db.execute(
            "SELECT d.article_id, d.weekday, d.day FROM date_anchors d JOIN articles a ON a.id = d.article_id "
            "WHERE d.weekday IS NOT NULL ORDER BY a.seq"
        )
        return [(r[0], r[1], r[2]) for r in rows]

    def set_day(self, article_id: str, day: str | None, method: str | None, evidence: Sequence[Any]) -> None:
        self.db.execute(
            "UPDATE date_anchors SET day = ?, method = ?, evidence = ? WHERE article_id = ?",
            (day, method, json.dumps(list(evidence), ensure_ascii=False), article_id),
        )

    def forget(self, ids: Sequence[str]) -> None:
        """These articles were read again: their day is worked out again from the new reading."""
        self.db.executemany("DELETE FROM date_anchors WHERE article_id = ?", [(i,) for i in ids])

    def anchor_of(self, article_id: str) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT day, method, evidence FROM date_anchors WHERE article_id = ? AND day IS NOT NULL", (article_id,)
        ).fetchone()
        return {"day": row[0], "method": row[1], "evidence": json.loads(row[2])} if row else None
