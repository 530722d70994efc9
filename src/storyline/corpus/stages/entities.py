"""The entities stage: canonical entities for the mentions of articles read but not yet resolved.

Runs after copies and stories, in the same placing order (publication date, then
arrival), so a bare surname can lean on the event its article joined. The index
lives in memory for one run and is rebuilt from the `entities` table the next time:
the store, not the process, is the state.

A reread article (after `storyline analyze --redo` or a new reading version) would
count its mentions twice in the entities it fed, so in that case the entities are
rebuilt from every stored mention instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline.corpus.entities import Entity, EntityIndex
from storyline.stage import Context, Counts, Stage
from storyline.store.entities import StoredEntity
from storyline.store.sqlite import Store

CHUNK = 500

Pending = tuple[str, int | None]  # article id, event id: the names of its event's other articles lean on it


def pending(store: Store, redo: bool) -> list[Pending]:
    """Read articles whose mentions are unresolved, in placing order."""
    return store.entities.pending()


def run(context: Context, todo: Sequence[Pending]) -> Counts:
    return {"resolved": resolve(context.store, todo)}


def resolve(store: Store, todo: Sequence[Pending]) -> int:
    """Resolve these articles; return how many were resolved."""
    if store.entities.any_named_in([aid for aid, _ in todo]):
        return rebuild(store)
    index = EntityIndex(_entity(e) for e in store.entities.load())
    for event_id, ids in store.entities.event_entities():
        index.remember_story(str(event_id), ids)
    for start in range(0, len(todo), CHUNK):
        with store.transaction():
            for article_id, story in todo[start : start + CHUNK]:
                _resolve(store, index, article_id, story)
    return len(todo)


def rebuild(store: Store) -> int:
    """Forget every entity and resolve all read articles again."""
    with store.transaction():
        store.reading.unpoint_all()
        store.entities.clear()
    todo = store.entities.pending()
    return resolve(store, todo) if todo else 0


def forget(store: Store, ids: Sequence[str]) -> None:
    store.entities.forget(ids)


def _resolve(store: Store, index: EntityIndex, article_id: str, story: int | None) -> None:
    """One article: its mentions' entities, written after the entities themselves (the
    foreign keys are checked at once), and any entity the article folded into another
    ("Cheeks", held apart, joins "Maurice Cheeks" once the story names him) repointed."""
    mentions = store.reading.mentions(article_id)
    ids = index.resolve(article_id, mentions, None if story is None else str(story))
    store.entities.save(_stored(e) for e in index.changed())
    for absorbed, survivor in index.merged().items():
        store.reading.repoint_entity(absorbed, survivor)
        store.entities.merge(absorbed, survivor)
    store.reading.point_mentions(article_id, ids)
    store.entities.resolved(article_id, ids)


def _entity(row: StoredEntity) -> Entity:
    return Entity(row.id, row.name, row.type, row.aliases, row.labels, row.articles, row.mentions)


def _stored(e: Entity) -> StoredEntity:
    return StoredEntity(e.id, e.name, e.type, e.mentions, e.aliases, e.labels, e.articles)


STAGE = Stage(
    name="entities",
    after=("reading", "stories"),
    owns=("entities", "entity_articles", "entity_resolutions"),
    refines=("mentions",),
    pending=pending,
    run=run,
    forget=forget,
    summary="canonical entities across the store, whatever the spelling; mentions pointed at them",
)
