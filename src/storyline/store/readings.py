"""Readings in and out of the store: sentences, mentions, roles, dates, quotes and attitudes.

Saving a reading replaces the article's previous one whole (a reread after an
upgrade must not leave rows of the old version behind) and marks the article as
not yet resolved to canonical entities, so the corpus stage picks it up again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from storyline.analyze.records import READING_VERSION, Mention, Reading, TimeExpression

_TABLES = ("sentences", "mentions", "roles", "time_expressions", "quotes", "attitudes")


def save_reading(db: sqlite3.Connection, reading: Reading) -> None:
    aid = reading.article_id
    for table in _TABLES:
        db.execute(f"DELETE FROM {table} WHERE article_id = ?", (aid,))
    db.execute("DELETE FROM date_anchors WHERE article_id = ?", (aid,))  # worked out from the old reading
    db.execute(
        "INSERT OR REPLACE INTO readings(article_id, version, resolved, computed_at) VALUES (?, ?, 0, datetime('now'))",
        (aid, READING_VERSION),
    )
    db.executemany(
        'INSERT INTO sentences(article_id, idx, start, "end", date) VALUES (?,?,?,?,?)',
        [(aid, i, s.start, s.end, s.date) for i, s in enumerate(reading.sentences)],
    )
    db.executemany(
        'INSERT INTO mentions(article_id, idx, start, "end", text, label, title, sentence) VALUES (?,?,?,?,?,?,?,?)',
        [(aid, i, m.start, m.end, m.text, m.label, m.title, m.sentence) for i, m in enumerate(reading.mentions)],
    )
    db.executemany(
        'INSERT INTO roles(article_id, mention, text, start, "end") VALUES (?,?,?,?,?)',
        [(aid, r.mention, r.text, r.start, r.end) for r in reading.roles],
    )
    save_time_expressions(db, aid, reading.dates)
    quotes = [
        (q.start, q.end, q.text, q.kind, q.speaker, q.speaker_start, q.speaker_end, q.cue) for q in reading.quotes
    ]
    _save_ascribed(db, aid, "quotes", "speaker", quotes, reading.mentions)
    held = [(a.start, a.end, a.text, a.kind, a.holder, a.holder_start, a.holder_end, a.cue) for a in reading.attitudes]
    _save_ascribed(db, aid, "attitudes", "holder", held, reading.mentions)


def save_time_expressions(db: sqlite3.Connection, aid: str, dates: Sequence[TimeExpression]) -> None:
    """Replace an article's time expressions (the reading's, or the same resolved against an inferred day)."""
    db.execute("DELETE FROM time_expressions WHERE article_id = ?", (aid,))
    db.executemany(
        'INSERT OR IGNORE INTO time_expressions(article_id, start, "end", text, value, kind, precision) '
        "VALUES (?,?,?,?,?,?,?)",
        [(aid, d.start, d.end, d.text, d.value, d.kind, d.precision) for d in dates],
    )


_Row = tuple[int, int, str, str, str | None, int | None, int | None, str | None]


def _save_ascribed(
    db: sqlite3.Connection, aid: str, table: str, who: str, rows: Sequence[_Row], mentions: list[Mention]
) -> None:
    """Quotes or attitudes (same shape: content, kind, whose, cue), each with the mention of whose."""
    db.executemany(
        f'INSERT INTO {table}(article_id, idx, start, "end", text, kind, {who}, {who}_start, {who}_end, cue, mention) '
        "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(aid, i, *row, speaker_mention(row[4], row[5], row[6], mentions)) for i, row in enumerate(rows)],
    )


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


def load_mentions(db: sqlite3.Connection, article_id: str) -> list[Mention]:
    rows = db.execute(
        'SELECT start, "end", text, label, title, sentence FROM mentions WHERE article_id = ? ORDER BY idx',
        (article_id,),
    )
    return [Mention(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]
