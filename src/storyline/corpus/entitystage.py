"""Canonical entities for the mentions of articles read but not yet resolved.

Runs after copies and stories, in the same placing order (publication date, then
arrival), so a bare surname can lean on the story its article joined. The index
lives in memory for one run and is rebuilt from the `entities` table the next time:
the store, not the process, is the state.

A reread article (after `storyline analyze --redo` or a new reading version) would
count its mentions twice in the entities it fed, so in that case the entities are
rebuilt from every stored mention instead.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from storyline.corpus.entities import Entity, EntityIndex
from storyline.store.readings import load_mentions
from storyline.store.sqlite import Store

CHUNK = 500


def pending(db: sqlite3.Connection) -> list[tuple[str, int | None]]:
    """(article id, story id) of read articles whose mentions are unresolved, in placing order."""
    rows = db.execute(
        "SELECT r.article_id, s.story_id FROM readings r JOIN articles a ON a.id = r.article_id "
        "LEFT JOIN story_articles s ON s.article_id = r.article_id WHERE r.resolved = 0 "
        "ORDER BY (a.published_precision IS NOT 'day'), CASE WHEN a.published_precision = 'day' "
        "THEN a.published END, a.seq"
    )
    return [(r[0], r[1]) for r in rows]


def run(store: Store) -> int:
    """Resolve pending articles; return how many were resolved."""
    todo = pending(store.db)
    if not todo:
        return 0
    if _any_resolved_before(store.db, [aid for aid, _ in todo]):
        return rebuild(store)
    index = EntityIndex(load_entities(store.db))
    for story_key, ids in _story_entities(store.db):
        index.remember_story(story_key, ids)
    for start in range(0, len(todo), CHUNK):
        with store.transaction():
            for article_id, story in todo[start : start + CHUNK]:
                _resolve(store.db, index, article_id, story)
    return len(todo)


def rebuild(store: Store) -> int:
    """Forget every entity and resolve all read articles again."""
    with store.transaction():
        store.db.execute("UPDATE mentions SET entity_id = NULL")
        store.db.execute("DELETE FROM entity_articles")
        store.db.execute("DELETE FROM entities")
        store.db.execute("UPDATE readings SET resolved = 0")
    return run(store)


def _any_resolved_before(db: sqlite3.Connection, ids: list[str]) -> bool:
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        marks = ",".join("?" * len(part))
        if db.execute(f"SELECT 1 FROM entity_articles WHERE article_id IN ({marks}) LIMIT 1", part).fetchone():
            return True
    return False


def _story_entities(db: sqlite3.Connection) -> Iterator[tuple[str, list[int]]]:
    rows = db.execute(
        "SELECT s.story_id, group_concat(DISTINCT ea.entity_id) FROM story_articles s "
        "JOIN entity_articles ea ON ea.article_id = s.article_id GROUP BY s.story_id"
    )
    for story, ids in rows:
        yield str(story), [int(i) for i in ids.split(",")]


def _resolve(db: sqlite3.Connection, index: EntityIndex, article_id: str, story: int | None) -> None:
    """One article: its mentions' entities, written after the entities themselves (the
    foreign keys are checked at once), and any entity the article folded into another
    ("Cheeks", held apart, joins "Maurice Cheeks" once the story names him) repointed."""
    mentions = load_mentions(db, article_id)
    ids = index.resolve(article_id, mentions, None if story is None else str(story))
    save_entities(db, index.changed())
    for absorbed, survivor in index.merged().items():
        db.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (survivor, absorbed))
        db.execute(
            "INSERT OR IGNORE INTO entity_articles(entity_id, article_id) "
            "SELECT ?, article_id FROM entity_articles WHERE entity_id = ?",
            (survivor, absorbed),
        )
        db.execute("DELETE FROM entities WHERE id = ?", (absorbed,))
    db.executemany(
        "UPDATE mentions SET entity_id = ? WHERE article_id = ? AND idx = ?",
        [(entity, article_id, i) for i, entity in enumerate(ids)],
    )
    db.executemany(
        "INSERT OR IGNORE INTO entity_articles(entity_id, article_id) VALUES (?, ?)",
        [(entity, article_id) for entity in sorted(set(ids))],
    )
    db.execute("UPDATE readings SET resolved = 1 WHERE article_id = ?", (article_id,))


def load_entities(db: sqlite3.Connection) -> Iterator[Entity]:
    articles: dict[int, set[str]] = {}
    for entity_id, article_id in db.execute("SELECT entity_id, article_id FROM entity_articles"):
        articles.setdefault(entity_id, set()).add(article_id)
    for row in db.execute("SELECT id, name, type, mentions, aliases, labels FROM entities ORDER BY id"):
        yield Entity(
            id=row[0],
            name=row[1],
            type=row[2],
            aliases=json.loads(row[4]),
            labels=json.loads(row[5]),
            articles=articles.get(row[0], set()),
            mentions=row[3],
        )


def save_entities(db: sqlite3.Connection, changed: list[Entity]) -> None:
    db.executemany(
        # An upsert, not INSERT OR REPLACE: a replace deletes the row first, and the
        # foreign keys would then cascade to the entity's articles.
        "INSERT INTO entities(id, name, type, mentions, aliases, labels, updated_at) "
        "VALUES (?,?,?,?,?,?, datetime('now')) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
        "type = excluded.type, mentions = excluded.mentions, aliases = excluded.aliases, "
        "labels = excluded.labels, updated_at = excluded.updated_at",
        [
            (e.id, e.name, e.type, e.mentions, json.dumps(e.aliases, ensure_ascii=False), json.dumps(e.labels))
            for e in changed
        ],
    )
