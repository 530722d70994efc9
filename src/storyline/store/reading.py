"""The reading stage's tables: readings, sentences, mentions, roles, dates, quotes, attitudes.

Saving a reading replaces the article's previous one whole (a reread after an upgrade
must not leave rows of the old version behind). Two later stages resolve these rows
further, through this module and nothing else (declared as `refines` in the registry):
the entities stage points mentions at canonical entities, and the anchors stage
resolves an undated article's dates against the day it infers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from storyline.records import Mention, Reading, TimeExpression

_TABLES = ("sentences", "mentions", "roles", "time_expressions", "quotes", "attitudes")


class ReadingTables:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    # -- the reading stage ----------------------------------------------------

    def pending(self, version: int) -> list[str]:
        """Ids of the articles never read, or read by another version, in arrival order."""
        sql = (
            "SELECT a.id FROM articles a LEFT JOIN readings r ON r.article_id = a.id "
            "WHERE r.article_id IS NULL OR r.version != ? ORDER BY a.seq"
        )
        return [r[0] for r in self.db.execute(sql, (version,))]

    def save(self, reading: Reading, version: int) -> None:
        aid = reading.article_id
        for table in _TABLES:
            self.db.execute(f"DELETE FROM {table} WHERE article_id = ?", (aid,))
        self.db.execute(
            "INSERT OR REPLACE INTO readings(article_id, version, computed_at) VALUES (?, ?, datetime('now'))",
            (aid, version),
        )
        self.db.executemany(
            'INSERT INTO sentences(article_id, idx, start, "end", date) VALUES (?,?,?,?,?)',
            [(aid, i, s.start, s.end, s.date) for i, s in enumerate(reading.sentences)],
        )
        self.db.executemany(
            'INSERT INTO mentions(article_id, idx, start, "end", text, label, title, sentence) '
            "VALUES (?,?,?,?,?,?,?,?)",
            [(aid, i, m.start, m.end, m.text, m.label, m.title, m.sentence) for i, m in enumerate(reading.mentions)],
        )
        self.db.executemany(
            'INSERT INTO roles(article_id, mention, text, start, "end") VALUES (?,?,?,?,?)',
            [(aid, r.mention, r.text, r.start, r.end) for r in reading.roles],
        )
        self._save_time_expressions(aid, reading.dates)
        quotes = [
            (q.start, q.end, q.text, q.kind, q.speaker, q.speaker_start, q.speaker_end, q.cue) for q in reading.quotes
        ]
        self._save_ascribed(aid, "quotes", "speaker", quotes, reading.mentions)
        held = [
            (a.start, a.end, a.text, a.kind, a.holder, a.holder_start, a.holder_end, a.cue) for a in reading.attitudes
        ]
        self._save_ascribed(aid, "attitudes", "holder", held, reading.mentions)

    def _save_time_expressions(self, aid: str, dates: Sequence[TimeExpression]) -> None:
        self.db.execute("DELETE FROM time_expressions WHERE article_id = ?", (aid,))
        self.db.executemany(
            'INSERT OR IGNORE INTO time_expressions(article_id, start, "end", text, value, kind, precision) '
            "VALUES (?,?,?,?,?,?,?)",
            [(aid, d.start, d.end, d.text, d.value, d.kind, d.precision) for d in dates],
        )

    def _save_ascribed(self, aid: str, table: str, who: str, rows: Sequence[_Row], mentions: list[Mention]) -> None:
        """Quotes or attitudes (same shape: content, kind, whose, cue), each with the mention of whose."""
        self.db.executemany(
            f'INSERT INTO {table}(article_id, idx, start, "end", text, kind, {who}, {who}_start, {who}_end, cue, '
            "mention) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(aid, i, *row, speaker_mention(row[4], row[5], row[6], mentions)) for i, row in enumerate(rows)],
        )

    # -- refined by later stages -----------------------------------------------

    def redate(self, aid: str, dates: Sequence[TimeExpression], sentence_dates: Sequence[str | None]) -> None:
        """The anchors stage: the article's dates resolved against an inferred day, and the
        date of each sentence (in sentence order) that follows from them."""
        self._save_time_expressions(aid, dates)
        self.db.executemany(
            "UPDATE sentences SET date = ? WHERE article_id = ? AND idx = ?",
            [(day, aid, idx) for idx, day in enumerate(sentence_dates)],
        )

    def point_mentions(self, aid: str, entity_ids: Sequence[int]) -> None:
        """The entities stage: each mention of the article (in order) to its canonical entity."""
        self.db.executemany(
            "UPDATE mentions SET entity_id = ? WHERE article_id = ? AND idx = ?",
            [(entity, aid, i) for i, entity in enumerate(entity_ids)],
        )

    def repoint_entity(self, absorbed: int, survivor: int) -> None:
        """The entities stage: every mention of a merged entity to the one it merged into."""
        self.db.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (survivor, absorbed))

    def unpoint_all(self) -> None:
        """The entities stage, before a rebuild: no mention points at an entity."""
        self.db.execute("UPDATE mentions SET entity_id = NULL")

    # -- reading back ------------------------------------------------------------

    def ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT article_id FROM readings")]

    def mentions(self, article_id: str) -> list[Mention]:
        rows = self.db.execute(
            'SELECT start, "end", text, label, title, sentence FROM mentions WHERE article_id = ? ORDER BY idx',
            (article_id,),
        )
        return [Mention(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]

    def sentence_spans(self, article_id: str) -> list[tuple[int, int, int]]:
        """(idx, start, end) of the article's sentences."""
        rows = self.db.execute('SELECT idx, start, "end" FROM sentences WHERE article_id = ?', (article_id,))
        return [(r[0], r[1], r[2]) for r in rows]

    def sentence_entities(self, article_id: str) -> Iterator[tuple[int, int]]:
        """(sentence idx, entity id) of every resolved mention of the article."""
        rows = self.db.execute(
            "SELECT sentence, entity_id FROM mentions WHERE article_id = ? AND entity_id IS NOT NULL", (article_id,)
        )
        for sentence, entity in rows:
            yield int(sentence), int(entity)

    def day_expressions(self, article_id: str) -> list[TimeExpression]:
        """The article's date and time expressions, as stored."""
        rows = self.db.execute(
            'SELECT start, "end", text, value, kind, precision FROM time_expressions '
            "WHERE article_id = ? AND kind IN ('date', 'time')",
            (article_id,),
        ).fetchall()
        return [TimeExpression(*row) for row in rows]

    def undated_without_anchor(self) -> list[str]:
        """Read articles that print no day-precise date and have no `date_anchors` row yet."""
        rows = self.db.execute(
            "SELECT a.id FROM readings r JOIN articles a ON a.id = r.article_id "
            "LEFT JOIN date_anchors d ON d.article_id = a.id "
            "WHERE a.published_precision IS NOT 'day' AND d.article_id IS NULL"
        )
        return [r[0] for r in rows]

    # -- views ---------------------------------------------------------------------

    def roles_of(self, entity_id: int) -> Iterator[tuple[str, str, str | None]]:
        """(role text, article, published) of the entity's roles, earliest first."""
        rows = self.db.execute(
            "SELECT DISTINCT r.text, r.article_id, a.published FROM roles r "
            "JOIN mentions m ON m.article_id = r.article_id AND m.idx = r.mention "
            "JOIN articles a ON a.id = r.article_id WHERE m.entity_id = ? ORDER BY a.published, a.seq, r.start",
            (entity_id,),
        )
        yield from rows

    def ascribed(self, table: str, name: str | None) -> Iterator[tuple[Any, ...]]:
        """Rows of quotes or attitudes with the canonical entity of whoever they are ascribed to:
        (article, text, kind, who, entity id, start, end, cue, entity name). `name` matches the
        printed speaker/holder or the entity's name or aliases, any case."""
        who = {"quotes": "speaker", "attitudes": "holder"}[table]
        sql = (
            f'SELECT q.article_id, q.text, q.kind, q.{who}, m.entity_id, q.start, q."end", q.cue, e.name '
            f"FROM {table} q JOIN articles a ON a.id = q.article_id "
            "LEFT JOIN mentions m ON m.article_id = q.article_id AND m.idx = q.mention "
            "LEFT JOIN entities e ON e.id = m.entity_id"
        )
        args: list[Any] = []
        if name is not None:
            sql += (
                f" WHERE q.{who} LIKE '%' || ? || '%' OR e.name = ? COLLATE NOCASE OR e.id IN "
                "(SELECT x.id FROM entities x, json_each(x.aliases) j WHERE j.key = ? COLLATE NOCASE)"
            )
            args += [name, name, name]
        yield from self.db.execute(sql + " ORDER BY a.seq, q.idx", args)

    def dates(self, article: str | None = None) -> Iterator[tuple[Any, ...]]:
        """(article, text, start, end, value, precision, kind) in article order."""
        sql = (
            'SELECT t.article_id, t.text, t.start, t."end", t.value, t.precision, t.kind FROM time_expressions t '
            "JOIN articles a ON a.id = t.article_id"
        )
        args: tuple[str, ...] = ()
        if article is not None:
            sql += " WHERE t.article_id = ?"
            args = (article,)
        yield from self.db.execute(sql + " ORDER BY a.seq, t.start", args)


_Row = tuple[int, int, str, str, str | None, int | None, int | None, str | None]


def speaker_mention(name: str | None, start: int | None, end: int | None, mentions: list[Mention]) -> int | None:
    """The mention a named speaker (or holder) resolved to: one that ends the speaker's words
    ("Mr Sybiha", "Defence Minister Rustem Umerov", "the Kremlin"). A name inside a longer
    phrase is not the speaker ("Russian state media" is not the Russians, "Kyiv's foreign
    ministry" not Kyiv), and an unnamed source names no one."""
    if start is None or end is None or (name or "").startswith("unnamed:"):
        return None
    for i, m in enumerate(mentions):
        if start <= m.start < end and m.end >= end - 1:
            return i
    return None
