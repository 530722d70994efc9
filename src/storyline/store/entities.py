"""The entities stage's tables: canonical entities, the articles naming each, and which
read articles have been resolved (`entity_resolutions`).

Mentions are the reading stage's rows; the entities stage points them at entities
through `ReadingTables` (a declared refinement), never by writing that table here.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from storyline.store.stories import PLACING_ORDER, members_of

_IN_CHUNK = 500


class StoredEntity(NamedTuple):
    id: int
    name: str
    type: str
    mentions: int
    aliases: dict[str, int]
    labels: dict[str, int]
    articles: set[str]


class EntityRow(NamedTuple):
    """An entity as the views show it (without its articles and roles, which are looked up apart)."""

    id: int
    name: str
    type: str
    mentions: int
    aliases: dict[str, int]


class StoryEntity(NamedTuple):
    """A canonical entity as one story's articles name it."""

    group_id: int  # the event or story
    entity_id: int
    name: str
    type: str
    mentions: int  # mentions of it in the story's articles
    articles: int  # the story's articles that mention it
    aliases: list[str]  # every surface form of it, most frequent first


class EntityTables:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    # -- the entities stage ------------------------------------------------------

    def pending(self) -> list[tuple[str, int | None]]:
        """(article id, event id) of read articles not yet resolved, in placing order."""
        rows = self.db.execute(
            "SELECT r.article_id, s.event_id FROM readings r JOIN articles a ON a.id = r.article_id "
            "LEFT JOIN event_articles s ON s.article_id = r.article_id "
            "LEFT JOIN entity_resolutions x ON x.article_id = r.article_id WHERE x.article_id IS NULL "
            f"ORDER BY {PLACING_ORDER}"
        )
        return [(r[0], r[1]) for r in rows]

    def forget(self, ids: Sequence[str]) -> None:
        """These articles are to be resolved again (they were read again)."""
        self.db.executemany("DELETE FROM entity_resolutions WHERE article_id = ?", [(i,) for i in ids])

    def clear(self) -> None:
        """Forget every entity (mentions are unpointed by the reading tables)."""
        self.db.execute("DELETE FROM entity_articles")
        self.db.execute("DELETE FROM entities")
        self.db.execute("DELETE FROM entity_resolutions")

    def any_named_in(self, ids: Sequence[str]) -> bool:
        """Some of these articles already feed an entity (so resolving them again would count twice)."""
        for start in range(0, len(ids), _IN_CHUNK):
            part = list(ids[start : start + _IN_CHUNK])
            marks = ",".join("?" * len(part))
            if self.db.execute(f"SELECT 1 FROM entity_articles WHERE article_id IN ({marks}) LIMIT 1", part).fetchone():
                return True
        return False

    def event_entities(self) -> Iterator[tuple[int, list[int]]]:
        """(event id, the entities its articles name)."""
        rows = self.db.execute(
            "SELECT s.event_id, group_concat(DISTINCT ea.entity_id) FROM event_articles s "
            "JOIN entity_articles ea ON ea.article_id = s.article_id GROUP BY s.event_id"
        )
        for story, ids in rows:
            yield int(story), [int(i) for i in ids.split(",")]

    def load(self) -> Iterator[StoredEntity]:
        articles: dict[int, set[str]] = {}
        for entity_id, article_id in self.db.execute("SELECT entity_id, article_id FROM entity_articles"):
            articles.setdefault(entity_id, set()).add(article_id)
        for row in self.db.execute("SELECT id, name, type, mentions, aliases, labels FROM entities ORDER BY id"):
            yield StoredEntity(
                row[0], row[1], row[2], row[3], json.loads(row[4]), json.loads(row[5]), articles.get(row[0], set())
            )

    def save(self, changed: Iterable[StoredEntity]) -> None:
        self.db.executemany(
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

    def merge(self, absorbed: int, survivor: int) -> None:
        """An entity folded into another: its articles move over and its row goes."""
        self.db.execute(
            "INSERT OR IGNORE INTO entity_articles(entity_id, article_id) "
            "SELECT ?, article_id FROM entity_articles WHERE entity_id = ?",
            (survivor, absorbed),
        )
        self.db.execute("DELETE FROM entities WHERE id = ?", (absorbed,))

    def resolved(self, article_id: str, entity_ids: Iterable[int]) -> None:
        """The article names these entities and is resolved."""
        self.db.executemany(
            "INSERT OR IGNORE INTO entity_articles(entity_id, article_id) VALUES (?, ?)",
            [(entity, article_id) for entity in sorted(set(entity_ids))],
        )
        self.db.execute("INSERT OR IGNORE INTO entity_resolutions(article_id) VALUES (?)", (article_id,))

    # -- views ---------------------------------------------------------------------

    def of_article(self, article_id: str) -> frozenset[int]:
        rows = self.db.execute("SELECT entity_id FROM entity_articles WHERE article_id = ?", (article_id,))
        return frozenset(r[0] for r in rows)

    def dated_articles_naming(self, entities: Iterable[int]) -> list[str]:
        """Articles that print a day-precise date and name any of these entities."""
        ids = sorted(entities)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT DISTINCT ea.article_id FROM entity_articles ea JOIN articles a ON a.id = ea.article_id "
            f"WHERE a.published_precision = 'day' AND ea.entity_id IN ({marks})",
            ids,
        )
        return [r[0] for r in rows]

    def rows(
        self,
        *,
        name: str | None = None,
        entity_id: int | None = None,
        kind: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[EntityRow]:
        """Entities, most mentioned first; `name` matches the name or any alias, any case."""
        sql = "SELECT id, name, type, mentions, aliases FROM entities"
        where: list[str] = []
        args: list[Any] = []
        if entity_id is not None:
            where.append("id = ?")
            args.append(entity_id)
        elif name is not None:
            where.append(
                "(name = ? COLLATE NOCASE OR id IN "
                "(SELECT e.id FROM entities e, json_each(e.aliases) a WHERE a.key = ? COLLATE NOCASE))"
            )
            args += [name, name]
        if kind is not None:
            where.append("type = ?")
            args.append(kind)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY mentions DESC, name LIMIT ? OFFSET ?"
        args += [-1 if limit is None else limit, offset]
        for row in self.db.execute(sql, args):
            yield EntityRow(row[0], row[1], row[2], row[3], json.loads(row[4]))

    def group_mentions(self, level: str, group_id: int | None = None) -> Iterator[StoryEntity]:
        """The canonical entities the articles of one event or story (`level`), or of all,
        mention, with how often."""
        where, params = ("WHERE g.gid = ? ", (group_id,)) if group_id is not None else ("", ())
        rows = self.db.execute(
            "SELECT g.gid, e.id, e.name, e.type, COUNT(*), COUNT(DISTINCT m.article_id), e.aliases "
            f"FROM ({members_of(level)}) g JOIN mentions m ON m.article_id = g.article_id "
            f"JOIN entities e ON e.id = m.entity_id {where}GROUP BY g.gid, e.id",
            params,
        )
        for row in rows:
            yield StoryEntity(row[0], row[1], row[2], row[3], row[4], row[5], list(json.loads(row[6])))

    def resolved_groups(self, level: str, group_id: int | None = None) -> set[int]:
        """Events or stories with an article the entities stage has resolved (whose names it knows)."""
        where, params = ("WHERE g.gid = ?", (group_id,)) if group_id is not None else ("", ())
        rows = self.db.execute(
            f"SELECT DISTINCT g.gid FROM ({members_of(level)}) g "
            f"JOIN entity_resolutions x ON x.article_id = g.article_id {where}",
            params,
        )
        return {int(r[0]) for r in rows}

    def aliases_by_mentions(self) -> Iterator[tuple[int, list[str]]]:
        """(id, aliases) of every entity, most mentioned first."""
        for row in self.db.execute("SELECT id, aliases FROM entities ORDER BY mentions DESC"):
            yield row[0], list(json.loads(row[1]))

    def article_ids(self, entity_id: int) -> list[str]:
        rows = self.db.execute(
            "SELECT ea.article_id FROM entity_articles ea JOIN articles a ON a.id = ea.article_id "
            "WHERE ea.entity_id = ? ORDER BY a.published, a.seq",
            (entity_id,),
        )
        return [r[0] for r in rows]
