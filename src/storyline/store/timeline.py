"""The timeline stage's tables: the store's dated entries, and what each article's part was built from."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple


class StoredEntry(NamedTuple):
    id: str
    story: int | None
    date: str | None
    start: str
    end: str
    precision: str
    text: str
    entities: list[int]
    independent: int
    sources: list[dict[str, Any]]
    stories: list[int]


class TimelineTables:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def built(self) -> dict[str, tuple[str, list[int]]]:
        """article -> (the state it was last built from, the years it told of then)."""
        rows = self.db.execute("SELECT article_id, state, years FROM timeline_articles")
        return {r[0]: (r[1], json.loads(r[2])) for r in rows}

    def forget(self, ids: Sequence[str]) -> None:
        """These articles were recomputed upstream: their years are built again on the next run."""
        self.db.executemany("UPDATE timeline_articles SET state = '' WHERE article_id = ?", [(i,) for i in ids])

    def replace_year(self, year: int, entries: Sequence[StoredEntry]) -> None:
        self.db.execute("DELETE FROM timeline_entries WHERE year = ?", (year,))
        self.db.executemany(
            'INSERT OR REPLACE INTO timeline_entries(id, story_id, year, date, start, "end", precision, text, '
            "entities, independent, sources) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (e.id, e.story, year, e.date, e.start, e.end, e.precision, e.text, json.dumps(e.entities),
                 e.independent, json.dumps(e.sources))  # fmt: skip
                for e in entries
            ],
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO timeline_entry_stories(entry_id, story_id) VALUES (?, ?)",
            [(e.id, s) for e in entries for s in e.stories],
        )

    def record(self, states: dict[str, tuple[str, list[int]]], gone: Sequence[str]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO timeline_articles(article_id, state, years) VALUES (?, ?, ?)",
            [(aid, state, json.dumps(sorted(years))) for aid, (state, years) in states.items()],
        )
        self.db.executemany("DELETE FROM timeline_articles WHERE article_id = ?", [(a,) for a in gone])

    def entries(
        self,
        *,
        story: int | None = None,
        start: str | None = None,
        end: str | None = None,
        entity: Sequence[int] | None = None,
        min_sources: int = 1,
    ) -> Iterator[StoredEntry]:
        """Entries overlapping [start, end] (ISO days), of one story (any of whose sources is in it) or
        all, naming one of `entity` if given, earliest first."""
        sql = (
            'SELECT t.id, t.story_id, t.date, t.start, t."end", t.precision, t.text, t.entities, t.independent, '
            "t.sources, (SELECT json_group_array(s.story_id) FROM timeline_entry_stories s WHERE s.entry_id = t.id) "
            "FROM timeline_entries t"
        )
        where, args = ["t.independent >= ?"], [min_sources]
        if story is not None:
            where.append("t.id IN (SELECT entry_id FROM timeline_entry_stories WHERE story_id = ?)")
            args.append(story)
        if start is not None:
            where.append('t."end" >= ?')
            args.append(start)
        if end is not None:
            where.append("t.start <= ?")
            args.append(end)
        if entity is not None:
            marks = ",".join("?" * len(entity)) or "NULL"
            where.append(f"EXISTS (SELECT 1 FROM json_each(t.entities) j WHERE j.value IN ({marks}))")
            args += list(entity)
        sql += " WHERE " + " AND ".join(where) + ' ORDER BY t.start, t."end", t.independent DESC, t.id'
        for r in self.db.execute(sql, args):
            yield StoredEntry(
                r[0], r[1], r[2], r[3], r[4], r[5], r[6], json.loads(r[7]), r[8], json.loads(r[9]), json.loads(r[10])
            )
