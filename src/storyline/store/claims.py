"""The claims stage's tables: the store's claims, and what they were built from."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple


class StoredClaim(NamedTuple):
    id: str
    story: int | None
    kind: str
    text: str
    subject: str
    value: dict[str, Any]
    status: str
    independent: int
    sources: list[dict[str, Any]]
    conflicts: list[dict[str, Any]]
    attributed_to: str | None
    outlets: list[str]


class ClaimTables:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def digest(self) -> str | None:
        row = self.db.execute("SELECT digest FROM claim_digests WHERE story_id = 0").fetchone()
        return row[0] if row else None

    def forget(self, ids: Sequence[str]) -> None:
        """Any article recomputed upstream rebuilds the claims on the next run."""
        if ids:
            self.db.execute("DELETE FROM claim_digests")

    def replace(self, claims: Sequence[StoredClaim], digest: str) -> None:
        self.db.execute("DELETE FROM claims")
        self.db.executemany(
            "INSERT OR REPLACE INTO claims(id, story_id, kind, text, subject, value, status, independent, sources, "
            "conflicts, attributed_to, outlets) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (c.id, c.story, c.kind, c.text, c.subject, json.dumps(c.value), c.status, c.independent,
                 json.dumps(c.sources), json.dumps(c.conflicts), c.attributed_to, json.dumps(c.outlets))  # fmt: skip
                for c in claims
            ],
        )
        self.db.execute("INSERT OR REPLACE INTO claim_digests(story_id, digest) VALUES (0, ?)", (digest,))

    def claims(
        self, *, story: int | None = None, status: str | None = None, articles: Sequence[str] | None = None
    ) -> Iterator[StoredClaim]:
        """Claims of one story (the story most of their sources are in, or any source's when `articles`
        are the story's), or all; contested first, then by independent sources."""
        sql = (
            "SELECT id, story_id, kind, text, subject, value, status, independent, sources, conflicts, "
            "attributed_to, outlets FROM claims c"
        )
        where: list[str] = []
        args: list[Any] = []
        if articles is not None:
            marks = ",".join("?" * len(articles)) or "NULL"
            where.append(f"EXISTS (SELECT 1 FROM json_each(c.sources) j WHERE j.value->>'article' IN ({marks}))")
            args += list(articles)
        elif story is not None:
            where.append("story_id = ?")
            args.append(story)
        if status is not None:
            where.append("status = ?")
            args.append(status)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY CASE status WHEN 'contested' THEN 0 WHEN 'corroborated' THEN 1 ELSE 2 END, independent DESC, id"
        for r in self.db.execute(sql, args):
            yield StoredClaim(
                r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7], json.loads(r[8]), json.loads(r[9]),
                r[10], json.loads(r[11]),
            )  # fmt: skip
