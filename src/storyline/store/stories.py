"""The stories stage's tables: copies, LSH bands, stories, placements and term frequencies.

The copy index (MinHash LSH bands) and the story index (centroids, document
frequencies) keep their state here rather than in memory, so that the store, not a
process, is the state: an ingest that is killed resumes where its last transaction
ended. `CopyIndex` and `StoryIndex` (corpus/) read and write only through this class.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from storyline.records import CopyLink

# Articles are placed in publication order: day-precise dates first, then the undated in
# arrival order. One fragment for every stage that walks articles in that order.
PLACING_ORDER = (
    "(a.published_precision IS NOT 'day'), CASE WHEN a.published_precision = 'day' THEN a.published END, a.seq"
)
LEAD_CHARS = 600  # of a body, enough for its first sentence
TABLES = ("story_articles", "stories", "term_df", "corpus_stats", "copies", "lsh_bands")


class StoredStory(NamedTuple):
    """A story's row: what the online clusterer keeps of it between runs."""

    id: int
    title: str | None
    start: str | None
    end: str | None
    centroid: dict[str, dict[str, float]]
    size: int
    embedding: bytes | None


class Member(NamedTuple):
    """An article of a story as the story views list it."""

    story_id: int
    article_id: str
    original_id: str | None  # the article it copies, if any
    inferred_day: str | None  # the publication day inferred for it (anchors), if it prints none
    title: str | None  # the headline the input gave, if any
    lead: str | None  # the start of its body, for a title where it has no headline


class StoryTables:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    # -- what to place ---------------------------------------------------------

    def pending(self) -> list[tuple[str, str | None, str | None, str | None, str | None]]:
        """(id, published, precision, title, lead) of analysed articles without a story, in placing order."""
        rows = self.db.execute(
            f"SELECT a.id, a.published, a.published_precision, a.title, substr(a.body, 1, {LEAD_CHARS}) "
            "FROM articles a JOIN features f ON f.article_id = a.id "
            "LEFT JOIN story_articles s ON s.article_id = a.id WHERE s.article_id IS NULL "
            f"ORDER BY {PLACING_ORDER}"
        )
        return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def clear(self) -> None:
        """Forget every story and copy link (a batch recluster places everything again)."""
        for table in TABLES:
            self.db.execute(f"DELETE FROM {table}")

    # -- copies ----------------------------------------------------------------

    def add_bands(self, rows: Iterable[tuple[int, int, str]]) -> None:
        """(space, key, article id) band keys of an original."""
        self.db.executemany("INSERT OR IGNORE INTO lsh_bands(space, key, article_id) VALUES (?, ?, ?)", rows)

    def band_candidates(self, space: int, keys: Sequence[int], per_key: int) -> Counter[str]:
        """Articles sharing a band key with these, at most `per_key` read per key, with the count shared."""
        one_key = "SELECT * FROM (SELECT article_id FROM lsh_bands WHERE space = ? AND key = ? LIMIT ?)"
        sql = " UNION ALL ".join([one_key] * len(keys))
        params = [p for key in keys for p in (space, key, per_key)]
        return Counter(row[0] for row in self.db.execute(sql, params))

    def placed_with_words(self, word_key: str, other_than: str) -> str | None:
        """The first placed article (in placing order) whose words are exactly these."""
        row = self.db.execute(
            "SELECT f.article_id FROM features f JOIN story_articles s ON s.article_id = f.article_id "
            "WHERE f.word_key = ? AND f.article_id != ? ORDER BY s.rowid LIMIT 1",
            (word_key, other_than),
        ).fetchone()
        return str(row[0]) if row else None

    def original_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT original_id FROM copies WHERE article_id = ?", (article_id,)).fetchone()
        return str(row[0]) if row else None

    def save_copy(self, article_id: str, link: CopyLink) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO copies(article_id, original_id, kind, score, evidence) VALUES (?,?,?,?,?)",
            (article_id, link.original_id, link.kind, link.score, json.dumps(link.evidence, sort_keys=True)),
        )

    def copy_of(self, article_id: str) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT original_id, kind, score, evidence FROM copies WHERE article_id = ?", (article_id,)
        ).fetchone()
        return {"id": row[0], "kind": row[1], "score": row[2], "evidence": json.loads(row[3])} if row else None

    # -- stories -----------------------------------------------------------------

    def load_stories(self) -> Iterator[StoredStory]:
        for row in self.db.execute('SELECT id, title, start, "end", centroid, size, embedding FROM stories'):
            yield StoredStory(row[0], row[1], row[2], row[3], json.loads(row[4]), row[5], row[6])

    def load_frequencies(self) -> tuple[dict[str, int], int]:
        """Document frequencies of the terms, and the number of documents counted."""
        df = dict(self.db.execute("SELECT term, df FROM term_df").fetchall())
        row = self.db.execute("SELECT value FROM corpus_stats WHERE name = 'docs'").fetchone()
        return df, int(row[0]) if row else 0

    def save_story(self, story: StoredStory, now: str) -> None:
        self.db.execute(
            'INSERT INTO stories(id, title, start, "end", centroid, size, created_at, updated_at, embedding) '
            "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET title=excluded.title, "
            'start=excluded.start, "end"=excluded."end", centroid=excluded.centroid, size=excluded.size, '
            "updated_at=excluded.updated_at, embedding=excluded.embedding",
            (
                story.id,
                story.title,
                story.start,
                story.end,
                json.dumps(story.centroid),
                story.size,
                now,
                now,
                story.embedding,
            ),
        )

    def save_frequencies(self, df: Iterable[tuple[str, int]], docs: int) -> None:
        self.db.executemany(
            "INSERT INTO term_df(term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = excluded.df", df
        )
        self.db.execute(
            "INSERT INTO corpus_stats(name, value) VALUES ('docs', ?) "
            "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            (docs,),
        )

    def place(self, article_id: str, story_id: int, score: float, method: str) -> None:
        self.db.execute(
            "INSERT INTO story_articles(article_id, story_id, score, method, assigned_at) "
            "VALUES (?, ?, ?, ?, datetime('now'))",
            (article_id, story_id, score, method),
        )

    def story_of(self, article_id: str) -> int | None:
        row = self.db.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
        return int(row[0]) if row else None

    def siblings(self, article_id: str) -> list[tuple[str, str | None]]:
        """(id, publication precision) of every article of its story, itself included."""
        rows = self.db.execute(
            "SELECT a.id, a.published_precision FROM story_articles s "
            "JOIN story_articles t ON t.story_id = s.story_id JOIN articles a ON a.id = t.article_id "
            "WHERE s.article_id = ?",
            (article_id,),
        )
        return [(r[0], r[1]) for r in rows]

    # -- views ---------------------------------------------------------------------

    def story_rows(self, story_id: int | None = None) -> list[tuple[int, str | None, str | None, str | None, str]]:
        """(id, title, start, end, centroid JSON) of one story or all, in time order (undated last)."""
        where, params = ("WHERE s.id = ?", (story_id,)) if story_id is not None else ("", ())
        rows = self.db.execute(
            f'SELECT s.id, s.title, s.start, s."end", s.centroid FROM stories s {where} '
            "ORDER BY s.start IS NULL, s.start, s.id",
            params,
        )
        return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def members(self, story_id: int | None = None) -> Iterator[Member]:
        """The articles of one story or all, in publication order (an inferred day standing in for a
        missing one), undated last."""
        params = (story_id,) if story_id is not None else ()
        rows = self.db.execute(
            f"SELECT sa.story_id, a.id, c.original_id, d.day, a.title, substr(a.body, 1, {LEAD_CHARS}) "
            "FROM story_articles sa "
            "JOIN articles a ON a.id = sa.article_id LEFT JOIN copies c ON c.article_id = a.id "
            "LEFT JOIN date_anchors d ON d.article_id = a.id "
            + ("WHERE sa.story_id = ? " if story_id is not None else "")
            + "ORDER BY COALESCE(a.published, d.day) IS NULL, COALESCE(a.published, d.day), a.seq",
            params,
        )
        for row in rows:
            yield Member(row[0], row[1], row[2], row[3], row[4], row[5])
