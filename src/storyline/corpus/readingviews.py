"""What the reading and the canonical entities look like to a reader: the records the
CLI prints and the export writes (docs/export.md). Each view is a generator over a
cursor, so an export of a large store holds one record at a time."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from storyline.corpus.namekey import name_key


def entities(
    db: sqlite3.Connection, *, name: str | None = None, entity_id: int | None = None, limit: int | None = None
) -> Iterator[dict[str, Any]]:
    """Canonical entities, most mentioned first; `name` matches the name or any alias, any case."""
    sql = "SELECT id, name, type, mentions, aliases FROM entities"
    args: list[Any] = []
    if entity_id is not None:
        sql += " WHERE id = ?"
        args.append(entity_id)
    elif name is not None:
        sql += (
            " WHERE name = ? COLLATE NOCASE OR id IN "
            "(SELECT e.id FROM entities e, json_each(e.aliases) a WHERE a.key = ? COLLATE NOCASE)"
        )
        args += [name, name]
    sql += " ORDER BY mentions DESC, name"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    for row in db.execute(sql, args):
        aliases: dict[str, int] = json.loads(row[4])
        yield {
            "id": row[0],
            "name": row[1],
            "type": row[2],
            "aliases": sorted(aliases, key=lambda a: (-aliases[a], a)),
            "roles": roles(db, row[0]),
            "mentions": row[3],
            "articles": [r[0] for r in db.execute(_ARTICLES, (row[0],))],
        }


_ARTICLES = (
    "SELECT ea.article_id FROM entity_articles ea JOIN articles a ON a.id = ea.article_id "
    "WHERE ea.entity_id = ? ORDER BY a.published, a.seq"
)


def find(db: sqlite3.Connection, query: str) -> list[dict[str, Any]]:
    """Entities a user means by `query`: its name or an alias in any case, else any spelling of
    them ("Zelenskiy", "Erdogan"); a single word also finds every person of that surname
    ("Lavrov" when only "Sergey Lavrov" was printed; every Marchetti, the one printed bare first)."""
    key = name_key(query)
    ids = [e["id"] for e in entities(db, name=query)]
    if key:
        spelled, surname = [], []
        for row in db.execute("SELECT id, aliases FROM entities ORDER BY mentions DESC"):
            keys = {name_key(a) for a in json.loads(row[1])}
            if key in keys:
                spelled.append(row[0])
            elif " " not in key and any(k.split()[-1:] == [key] for k in keys):
                surname.append(row[0])
        ids += [i for i in spelled + surname if i not in ids]
    return [e for i in ids for e in entities(db, entity_id=i)]


def roles(db: sqlite3.Connection, entity_id: int) -> list[dict[str, Any]]:
    """Each role once per article that states it, with that article's date, earliest first."""
    rows = db.execute(
        "SELECT DISTINCT r.text, r.article_id, a.published FROM roles r "
        "JOIN mentions m ON m.article_id = r.article_id AND m.idx = r.mention "
        "JOIN articles a ON a.id = r.article_id WHERE m.entity_id = ? ORDER BY a.published, a.seq, r.start",
        (entity_id,),
    )
    seen: set[tuple[str, str]] = set()
    out: list[dict[str, Any]] = []
    for text, article, published in rows:
        key = (text.lower(), article)
        if key not in seen:
            seen.add(key)
            out.append({"role": text, "article": article, "date": published})
    return out


def quotes(db: sqlite3.Connection, *, speaker: str | None = None) -> Iterator[dict[str, Any]]:
    """Quotes in article order; `speaker` matches the speaker as printed or its entity's name
    or aliases, any case."""
    for row in _ascribed(db, "quotes", "speaker", speaker):
        yield {
            "article": row[0],
            "text": row[1],
            "kind": row[2],
            "speaker": row[3],
            "speaker_entity": row[4],
            "speaker_name": row[8],
            "start": row[5],
            "end": row[6],
            "cue": row[7],
        }


def attitudes(
    db: sqlite3.Connection, *, holder: str | None = None, kind: str | None = None
) -> Iterator[dict[str, Any]]:
    """Attitudes in article order; `holder` matches like `quotes`' speaker, `kind` is one of
    belief, intention, stance, topic."""
    for row in _ascribed(db, "attitudes", "holder", holder):
        if kind is None or row[2] == kind:
            yield {
                "article": row[0],
                "text": row[1],
                "kind": row[2],
                "holder": row[3],
                "holder_entity": row[4],
                "holder_name": row[8],
                "start": row[5],
                "end": row[6],
                "cue": row[7],
            }


def _ascribed(db: sqlite3.Connection, table: str, who: str, name: str | None) -> sqlite3.Cursor:
    """Rows of quotes or attitudes with the canonical entity of whoever they are ascribed to."""
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
    return db.execute(sql + " ORDER BY a.seq, q.idx", args)


def dates(db: sqlite3.Connection, article: str | None = None) -> Iterator[dict[str, Any]]:
    sql = (
        'SELECT t.article_id, t.text, t.start, t."end", t.value, t.precision, t.kind FROM time_expressions t '
        "JOIN articles a ON a.id = t.article_id"
    )
    args: tuple[str, ...] = ()
    if article is not None:
        sql += " WHERE t.article_id = ?"
        args = (article,)
    for row in db.execute(sql + " ORDER BY a.seq, t.start", args):
        yield {
            "article": row[0],
            "text": row[1],
            "start": row[2],
            "end": row[3],
            "value": row[4],
            "precision": row[5],
            "kind": row[6],
        }
