"""Publication days inferred for articles that print none, and their dates resolved against them.

Runs last, after stories and canonical entities, because both are its evidence
(`corpus/anchors.py`). Each run looks again at every undated article with weekday
mentions: a dated article that arrives later can settle one that was not settled
before, and an article dated this way is evidence for the rest of its story, so the
run repeats until nothing changes. The printed `published` stays as ingest found it
(null); the inferred day is kept apart in `date_anchors`, with its evidence, and the
article's time expressions and sentence dates are resolved against it.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from storyline.analyze.records import TimeExpression
from storyline.analyze.timex import dated_sentences
from storyline.corpus.anchors import (
    Anchor,
    DatedEvent,
    EntitiesAt,
    Undated,
    dated_events,
    dated_mentions,
    day_of,
    infer,
)
from storyline.store.readings import save_time_expressions
from storyline.store.sqlite import Store

PASSES = 3  # story siblings dated in one pass date the others in the next; three covers any chain seen


def run(store: Store) -> int:
    """Work out the day of every undated read article that can be dated; return how many changed.

    Cheap where there is nothing to go on: an article is loaded and its dates resolved
    only when a dated story sibling or a dated article shares its actors."""
    db = store.db
    with store.transaction():
        _read_weekdays(db)
    candidates = db.execute(
        "SELECT d.article_id, d.weekday, d.day FROM date_anchors d JOIN articles a ON a.id = d.article_id "
        "WHERE d.weekday IS NOT NULL ORDER BY a.seq"
    ).fetchall()
    current = {aid: date.fromisoformat(day) if day else None for aid, _, day in candidates}
    dated = _Dated(db)
    read: dict[str, Undated] = {}
    changed: set[str] = set()
    todo = [(aid, weekday) for aid, weekday, _ in candidates]
    for _ in range(PASSES):
        moved: set[str] = set()
        for article_id, weekday in todo:
            entities = _entities(db, article_id)
            dated_siblings = [a for a, precision in _story(db, article_id) if precision == "day" or current.get(a)]
            siblings = [m for sibling in dated_siblings if sibling != article_id for m in dated.mentions(sibling)]
            events = dated.events_near(entities)
            if article_id not in read and (siblings or events or current[article_id]):
                read[article_id] = Undated.read(
                    article_id, _body(db, article_id), entities, weekday, _entities_at(db, article_id)
                )
            anchor = infer(read[article_id], siblings, events) if siblings or events else None
            day = anchor.day if anchor else None
            if day != current[article_id]:
                with store.transaction():
                    _apply(db, read[article_id], anchor)
                dated.forget(article_id)  # its dates are resolved now: evidence for its story
                current[article_id] = day
                moved.add(article_id)
        changed |= moved
        if not moved:
            break
        # only an article dated or undated in this pass changes the evidence, and only for its story
        touched = {member for aid in moved for member, _ in _story(db, aid)}
        todo = [(aid, weekday) for aid, weekday in todo if aid in touched]
    return len(changed)


def _read_weekdays(db: sqlite3.Connection) -> None:
    """A `date_anchors` row (its weekday, no day yet) for each undated article read since the last run."""
    rows = db.execute(
        "SELECT a.id FROM readings r JOIN articles a ON a.id = r.article_id "
        "LEFT JOIN date_anchors d ON d.article_id = a.id "
        "WHERE a.published_precision IS NOT 'day' AND d.article_id IS NULL"
    ).fetchall()
    for (article_id,) in rows:  # one body at a time: a bulk load of undated articles stays in bounded memory
        u = Undated.read(article_id, _body(db, article_id), ())
        db.execute(
            "INSERT INTO date_anchors(article_id, weekday, day, method, evidence) VALUES (?, ?, NULL, NULL, '[]')",
            (article_id, u.weekday),
        )


def _entities(db: sqlite3.Connection, article_id: str) -> frozenset[int]:
    rows = db.execute("SELECT entity_id FROM entity_articles WHERE article_id = ?", (article_id,))
    return frozenset(r[0] for r in rows)


def _body(db: sqlite3.Connection, article_id: str) -> str:
    return str(db.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()[0])


def _story(db: sqlite3.Connection, article_id: str) -> list[tuple[str, str | None]]:
    """(id, publication precision) of every article of its story, itself included."""
    rows = db.execute(
        "SELECT a.id, a.published_precision FROM story_articles s "
        "JOIN story_articles t ON t.story_id = s.story_id JOIN articles a ON a.id = t.article_id "
        "WHERE s.article_id = ?",
        (article_id,),
    )
    return [(r[0], r[1]) for r in rows]


def _entities_at(db: sqlite3.Connection, article_id: str) -> EntitiesAt:
    """offset -> the canonical entities named in the sentence around it."""
    spans = db.execute('SELECT idx, start, "end" FROM sentences WHERE article_id = ?', (article_id,)).fetchall()
    entities: dict[int, set[int]] = {}
    for sentence, entity in db.execute(
        "SELECT sentence, entity_id FROM mentions WHERE article_id = ? AND entity_id IS NOT NULL", (article_id,)
    ):
        entities.setdefault(sentence, set()).add(entity)

    def entities_at(offset: int) -> frozenset[int]:
        idx = next((i for i, start, end in spans if start <= offset < end), None)
        return frozenset(entities.get(idx, ())) if idx is not None else frozenset()

    return entities_at


class _Dated:
    """What dated articles give as evidence, read once per run: their named events and their
    dated happenings."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.read: dict[str, tuple[list[DatedEvent], list[DatedEvent]]] = {}

    def events_near(self, entities: frozenset[int]) -> list[DatedEvent]:
        """Named events of the printed-date articles sharing an actor or place with `entities`."""
        if not entities:
            return []
        marks = ",".join("?" * len(entities))
        rows = self.db.execute(
            f"SELECT DISTINCT ea.article_id FROM entity_articles ea JOIN articles a ON a.id = ea.article_id "
            f"WHERE a.published_precision = 'day' AND ea.entity_id IN ({marks})",
            sorted(entities),
        ).fetchall()
        return [e for (article_id,) in rows for e in self._of(article_id)[0]]

    def mentions(self, article_id: str) -> list[DatedEvent]:
        return self._of(article_id)[1]

    def forget(self, article_id: str) -> None:
        self.read.pop(article_id, None)

    def _of(self, article_id: str) -> tuple[list[DatedEvent], list[DatedEvent]]:
        if article_id not in self.read:
            body = _body(self.db, article_id)
            stored = self.db.execute(
                'SELECT start, "end", text, value, kind, precision FROM time_expressions '
                "WHERE article_id = ? AND kind IN ('date', 'time')",
                (article_id,),
            ).fetchall()
            expressions = [TimeExpression(*row) for row in stored if day_of(row[3]) is not None]
            at = _entities_at(self.db, article_id)
            self.read[article_id] = (
                dated_events(article_id, body, expressions, at),
                dated_mentions(article_id, expressions, at),
            )
        return self.read[article_id]


def _apply(db: sqlite3.Connection, u: Undated, anchor: Anchor | None) -> None:
    """Store the day (or its absence) and resolve the article's dates against it."""
    db.execute(
        "UPDATE date_anchors SET day = ?, method = ?, evidence = ? WHERE article_id = ?",
        (
            anchor.day.isoformat() if anchor else None,
            anchor.method if anchor else None,
            json.dumps(list(anchor.evidence) if anchor else [], ensure_ascii=False),
            u.article,
        ),
    )
    found = u.resolve(anchor.day) if anchor else u.unresolved()
    save_time_expressions(db, u.article, found)
    spans = db.execute('SELECT start, "end" FROM sentences WHERE article_id = ? ORDER BY idx', (u.article,)).fetchall()
    for idx, sentence in enumerate(dated_sentences([(s, e) for s, e in spans], found)):
        db.execute("UPDATE sentences SET date = ? WHERE article_id = ? AND idx = ?", (sentence.date, u.article, idx))
