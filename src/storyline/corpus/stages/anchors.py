"""The anchors stage: publication days inferred for articles that print none, and their dates
resolved against them.

Runs last, after stories and canonical entities, because both are its evidence
(`corpus/anchors.py`). An article whose text states its own day ("Today, 25 May", a
dateline opening it) needs neither: it is dated as soon as it is first looked at. Each
run looks again at every undated article with weekday mentions: a dated article that
arrives later can settle one that was not settled before, and an article dated this way
is evidence for the rest of its story, so the run repeats until nothing changes. The
printed `published` stays as ingest found it (null); the inferred day is kept apart in
`date_anchors`, with its evidence, and the article's time expressions and sentence dates
are resolved against it (through the reading's tables, a declared refinement).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from storyline.analyze.dates.timex import dated_sentences
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
from storyline.stage import Context, Counts, Stage
from storyline.store.sqlite import Store

PASSES = 3  # story siblings dated in one pass date the others in the next; three covers any chain seen


def pending(store: Store, redo: bool) -> list[str]:
    """Undated read articles not yet looked at, and every undated article with a weekday
    (each run looks at all of them again: new dated articles are new evidence)."""
    return store.reading.undated_without_anchor() + [aid for aid, _, _ in store.anchors.candidates()]


def run(context: Context, work: Sequence[str]) -> Counts:
    return {"dated": infer_days(context.store)}


def forget(store: Store, ids: Sequence[str]) -> None:
    store.anchors.forget(ids)


def infer_days(store: Store) -> int:
    """Work out the day of every undated read article that can be dated; return how many changed.

    Cheap where there is nothing to go on: an article is loaded and its dates resolved
    only when a dated story sibling or a dated article shares its actors."""
    with store.transaction():
        stated = _read_weekdays(store)
    candidates = store.anchors.candidates()
    current = {aid: date.fromisoformat(day) if day else None for aid, _, day in candidates}
    dated = _Dated(store)
    read: dict[str, Undated] = {}
    changed: set[str] = set()
    todo = [(aid, weekday) for aid, weekday, _ in candidates]
    for _ in range(PASSES):
        moved: set[str] = set()
        for article_id, weekday in todo:
            entities = store.entities.of_article(article_id)
            siblings_of = store.stories.siblings(article_id)
            dated_siblings = [a for a, precision in siblings_of if precision == "day" or current.get(a)]
            siblings = [m for sibling in dated_siblings if sibling != article_id for m in dated.mentions(sibling)]
            events = dated.events_near(entities)
            if article_id not in read and (siblings or events or current[article_id]):
                read[article_id] = _undated(store, article_id, entities, weekday)
            anchor = infer(read[article_id], siblings, events) if article_id in read else None
            day = anchor.day if anchor else None
            if day != current[article_id]:
                with store.transaction():
                    _apply(store, read[article_id], anchor)
                dated.forget(article_id)  # its dates are resolved now: evidence for its story
                current[article_id] = day
                moved.add(article_id)
        changed |= moved
        if not moved:
            break
        # only an article dated or undated in this pass changes the evidence, and only for its story
        touched = {member for aid in moved for member, _ in store.stories.siblings(aid)}
        todo = [(aid, weekday) for aid, weekday in todo if aid in touched]
    return len(changed | stated)


def _read_weekdays(store: Store) -> set[str]:
    """A `date_anchors` row (its weekday, no day yet) for each undated article read since the last run;
    the day too, and its dates resolved, where its text states it. Returns the articles so dated."""
    stated: set[str] = set()
    for article_id in store.reading.undated_without_anchor():  # one body at a time: bounded memory
        u = _undated(store, article_id, frozenset(), None)
        store.anchors.add_weekday(article_id, u.weekday)
        if u.stated is not None:
            _apply(store, u, u.stated)
            stated.add(article_id)
    return stated


def _undated(store: Store, article_id: str, entities: frozenset[int], weekday: int | None) -> Undated:
    """The article as dating it needs; the year its metadata gives, if any (a month or a year, no day)."""
    article = store.articles.get(article_id)
    body = article.body if article is not None else store.articles.body(article_id)
    published = article.published if article is not None else None
    year = int(published.value[:4]) if published is not None and published.value[:4].isdigit() else None
    return Undated.read(article_id, body, entities, weekday, _entities_at(store, article_id), year)


def _entities_at(store: Store, article_id: str) -> EntitiesAt:
    """offset -> the canonical entities named in the sentence around it."""
    spans = store.reading.sentence_spans(article_id)
    entities: dict[int, set[int]] = {}
    for sentence, entity in store.reading.sentence_entities(article_id):
        entities.setdefault(sentence, set()).add(entity)

    def entities_at(offset: int) -> frozenset[int]:
        idx = next((i for i, start, end in spans if start <= offset < end), None)
        return frozenset(entities.get(idx, ())) if idx is not None else frozenset()

    return entities_at


class _Dated:
    """What dated articles give as evidence, read once per run: their named events and their
    dated happenings."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.read: dict[str, tuple[list[DatedEvent], list[DatedEvent]]] = {}

    def events_near(self, entities: frozenset[int]) -> list[DatedEvent]:
        """Named events of the printed-date articles sharing an actor or place with `entities`."""
        if not entities:
            return []
        ids = self.store.entities.dated_articles_naming(entities)
        return [e for article_id in ids for e in self._of(article_id)[0]]

    def mentions(self, article_id: str) -> list[DatedEvent]:
        return self._of(article_id)[1]

    def forget(self, article_id: str) -> None:
        self.read.pop(article_id, None)

    def _of(self, article_id: str) -> tuple[list[DatedEvent], list[DatedEvent]]:
        if article_id not in self.read:
            body = self.store.articles.body(article_id)
            expressions = [e for e in self.store.reading.day_expressions(article_id) if day_of(e.value) is not None]
            at = _entities_at(self.store, article_id)
            self.read[article_id] = (
                dated_events(article_id, body, expressions, at),
                dated_mentions(article_id, expressions, at),
            )
        return self.read[article_id]


def _apply(store: Store, u: Undated, anchor: Anchor | None) -> None:
    """Store the day (or its absence) and resolve the article's dates against it."""
    store.anchors.set_day(
        u.article,
        anchor.day.isoformat() if anchor else None,
        anchor.method if anchor else None,
        list(anchor.evidence) if anchor else [],
    )
    found = u.resolve(anchor.day) if anchor else u.unresolved()
    spans = sorted(store.reading.sentence_spans(u.article))
    sentences = dated_sentences([(s, e) for _, s, e in spans], found)
    store.reading.redate(u.article, found, [s.date for s in sentences])


STAGE = Stage(
    name="anchors",
    after=("entities",),
    owns=("date_anchors",),
    refines=("time_expressions", "sentences"),
    pending=pending,
    run=run,
    forget=forget,
    summary="a publication day for undated articles, from their weekdays and the dated reports of the same events",
)
