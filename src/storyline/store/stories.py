"""The stories stage's tables: copies, LSH bands, events, stories, placements and term frequencies.

The copy index (MinHash LSH bands), the event index (centroids, document frequencies)
and the story chains keep their state here rather than in memory, so that the store,
not a process, is the state: an ingest that is killed resumes where its last
transaction ended. `CopyIndex`, `EventIndex` and `StoryChains` (corpus/) read and
write only through this class.

Two levels: an article is placed in an *event* (`event_articles`); an event belongs to
one *story* (`story_events`). The views read either level through one membership
fragment (`_MEMBERS`), so an event and a story are listed the same way.
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
TABLES = (
    "event_links",
    "story_events",
    "stories",
    "event_articles",
    "events",
    "term_df",
    "corpus_stats",
    "copies",
    "lsh_bands",
)
# (group id, article id) of every placed article, per level
_MEMBERS = {
    "events": "SELECT event_id AS gid, article_id FROM event_articles",
    "stories": "SELECT se.story_id AS gid, ea.article_id FROM event_articles ea "
    "JOIN story_events se ON se.event_id = ea.event_id",
}


def members_of(level: str) -> str:
    """The membership fragment of a level, `(gid, article_id)` rows, for a sub-select."""
    return _MEMBERS[level]


class StoredEvent(NamedTuple):
    """An event's row: what the online clusterer keeps of it between runs."""

    id: int
    title: str | None
    start: str | None
    end: str | None
    centroid: dict[str, dict[str, float]]
    size: int
    embedding: bytes | None


class StoredStory(NamedTuple):
    """A story's row: its events are in `story_events`."""

    id: int
    title: str | None
    start: str | None
    end: str | None
    size: int


class Member(NamedTuple):
    """An article of an event or a story as their views list it."""

    group_id: int
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
            "LEFT JOIN event_articles s ON s.article_id = a.id WHERE s.article_id IS NULL "
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
            "SELECT f.article_id FROM features f JOIN event_articles s ON s.article_id = f.article_id "
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

    # -- events ------------------------------------------------------------------

    def load_events(self) -> Iterator[StoredEvent]:
        for row in self.db.execute('SELECT id, title, start, "end", centroid, size, embedding FROM events'):
            yield StoredEvent(row[0], row[1], row[2], row[3], json.loads(row[4]), row[5], row[6])

    def load_frequencies(self) -> tuple[dict[str, int], int]:
        """Document frequencies of the terms, and the number of documents counted."""
        df = dict(self.db.execute("SELECT term, df FROM term_df").fetchall())
        row = self.db.execute("SELECT value FROM corpus_stats WHERE name = 'docs'").fetchone()
        return df, int(row[0]) if row else 0

    def save_event(self, event: StoredEvent, now: str) -> None:
        self.db.execute(
            'INSERT INTO events(id, title, start, "end", centroid, size, created_at, updated_at, embedding) '
            "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET title=excluded.title, "
            'start=excluded.start, "end"=excluded."end", centroid=excluded.centroid, size=excluded.size, '
            "updated_at=excluded.updated_at, embedding=excluded.embedding",
            (
                event.id,
                event.title,
                event.start,
                event.end,
                json.dumps(event.centroid),
                event.size,
                now,
                now,
                event.embedding,
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

    def place(self, article_id: str, event_id: int, score: float, method: str) -> None:
        self.db.execute(
            "INSERT INTO event_articles(article_id, event_id, score, method, assigned_at) "
            "VALUES (?, ?, ?, ?, datetime('now'))",
            (article_id, event_id, score, method),
        )

    def event_of(self, article_id: str) -> int | None:
        row = self.db.execute("SELECT event_id FROM event_articles WHERE article_id = ?", (article_id,)).fetchone()
        return int(row[0]) if row else None

    def story_of(self, article_id: str) -> int | None:
        row = self.db.execute(
            "SELECT se.story_id FROM event_articles ea JOIN story_events se ON se.event_id = ea.event_id "
            "WHERE ea.article_id = ?",
            (article_id,),
        ).fetchone()
        return int(row[0]) if row else None

    def siblings(self, article_id: str) -> list[tuple[str, str | None]]:
        """(id, publication precision) of every article of its event, itself included: the
        articles that report the same happening, close in time (the date anchors' evidence)."""
        rows = self.db.execute(
            "SELECT a.id, a.published_precision FROM event_articles s "
            "JOIN event_articles t ON t.event_id = s.event_id JOIN articles a ON a.id = t.article_id "
            "WHERE s.article_id = ?",
            (article_id,),
        )
        return [(r[0], r[1]) for r in rows]

    # -- stories (chains of events) ------------------------------------------------

    def load_chains(self) -> tuple[dict[int, int], list[StoredStory]]:
        """({event id: story id}, story rows): the state of the story chains."""
        story_of = dict(self.db.execute("SELECT event_id, story_id FROM story_events").fetchall())
        rows = self.db.execute('SELECT id, title, start, "end", size FROM stories')
        return story_of, [StoredStory(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def save_story(self, story: StoredStory, now: str) -> None:
        self.db.execute(
            'INSERT INTO stories(id, title, start, "end", size, created_at, updated_at) VALUES (?,?,?,?,?,?,?) '
            'ON CONFLICT(id) DO UPDATE SET title=excluded.title, start=excluded.start, "end"=excluded."end", '
            "size=excluded.size, updated_at=excluded.updated_at",
            (story.id, story.title, story.start, story.end, story.size, now, now),
        )

    def set_story(self, event_id: int, story_id: int) -> None:
        self.db.execute(
            "INSERT INTO story_events(event_id, story_id) VALUES (?, ?) "
            "ON CONFLICT(event_id) DO UPDATE SET story_id = excluded.story_id",
            (event_id, story_id),
        )

    def merge_stories(self, kept: int, gone: int) -> None:
        """Move the events of story `gone` into story `kept`, and delete `gone`."""
        self.db.execute("UPDATE story_events SET story_id = ? WHERE story_id = ?", (kept, gone))
        self.db.execute("DELETE FROM stories WHERE id = ?", (gone,))

    def link_events(self, event_id: int, other_id: int, kind: str, score: float, article_id: str) -> int:
        """Count one more article bridging two events, keep the strongest as the reason, and
        return how many articles have bridged them (the link's support)."""
        low, high = sorted((event_id, other_id))
        row = self.db.execute(
            "INSERT INTO event_links(event_id, other_id, kind, score, article_id) VALUES (?,?,?,?,?) "
            "ON CONFLICT(event_id, other_id) DO UPDATE SET support = support + 1, "
            "kind = CASE WHEN excluded.score > score THEN excluded.kind ELSE kind END, "
            "article_id = CASE WHEN excluded.score > score THEN excluded.article_id ELSE article_id END, "
            "score = MAX(score, excluded.score) RETURNING support",
            (low, high, kind, score, article_id),
        ).fetchone()
        return int(row[0])

    def related_stories(self, story_id: int | None = None) -> list[tuple[int, int, float]]:
        """(story, related story, best score) of the 'related' links between two stories."""
        rows = self.db.execute(
            "SELECT a.story_id, b.story_id, MAX(l.score) FROM event_links l "
            "JOIN story_events a ON a.event_id = l.event_id JOIN story_events b ON b.event_id = l.other_id "
            "WHERE l.kind = 'related' AND a.story_id != b.story_id GROUP BY a.story_id, b.story_id"
        )
        pairs = []
        for one, other, score in rows:
            pairs += [(one, other, score), (other, one, score)]
        return sorted(p for p in pairs if story_id is None or p[0] == story_id)

    def story_events(self, story_id: int | None = None) -> dict[int, list[int]]:
        """{story id: its event ids, in time order}."""
        where, params = ("WHERE se.story_id = ? ", (story_id,)) if story_id is not None else ("", ())
        rows = self.db.execute(
            "SELECT se.story_id, e.id FROM story_events se JOIN events e ON e.id = se.event_id "
            f"{where}ORDER BY e.start IS NULL, e.start, e.id",
            params,
        )
        out: dict[int, list[int]] = {}
        for sid, eid in rows:
            out.setdefault(sid, []).append(eid)
        return out

    # -- views ---------------------------------------------------------------------

    def rows(
        self, level: str, group_id: int | None = None
    ) -> list[tuple[int, str | None, str | None, str | None, list[str]]]:
        """(id, title, start, end, centroid JSONs of its events) of one event or story or
        all, in time order (undated last)."""
        if level == "events":
            where, params = ("WHERE id = ? ", (group_id,)) if group_id is not None else ("", ())
            found = self.db.execute(
                f'SELECT id, title, start, "end", centroid FROM events {where}ORDER BY start IS NULL, start, id',
                params,
            )
            return [(r[0], r[1], r[2], r[3], [r[4]]) for r in found]
        where, params = ("WHERE s.id = ? ", (group_id,)) if group_id is not None else ("", ())
        centroids: dict[int, list[str]] = {}
        for sid, centroid in self.db.execute(
            "SELECT se.story_id, e.centroid FROM story_events se JOIN events e ON e.id = se.event_id "
            + ("WHERE se.story_id = ?" if group_id is not None else ""),
            params,
        ):
            centroids.setdefault(sid, []).append(centroid)
        found = self.db.execute(
            f'SELECT s.id, s.title, s.start, s."end" FROM stories s {where}ORDER BY s.start IS NULL, s.start, s.id',
            params,
        )
        return [(r[0], r[1], r[2], r[3], centroids.get(r[0], [])) for r in found]

    def members(self, level: str, group_id: int | None = None) -> Iterator[Member]:
        """The articles of one event or story, or of all, in publication order (an inferred day
        standing in for a missing one), undated last."""
        params = (group_id,) if group_id is not None else ()
        rows = self.db.execute(
            f"SELECT g.gid, a.id, c.original_id, d.day, a.title, substr(a.body, 1, {LEAD_CHARS}) "
            f"FROM ({members_of(level)}) g "
            "JOIN articles a ON a.id = g.article_id LEFT JOIN copies c ON c.article_id = a.id "
            "LEFT JOIN date_anchors d ON d.article_id = a.id "
            + ("WHERE g.gid = ? " if group_id is not None else "")
            + "ORDER BY COALESCE(a.published, d.day) IS NULL, COALESCE(a.published, d.day), a.seq",
            params,
        )
        for row in rows:
            yield Member(row[0], row[1], row[2], row[3], row[4], row[5])
