"""The reading stage: spaCy over each article (actors, roles, dates, quotes, attitudes), stored once.

Runs over every article never read, or read by an older `READING_VERSION`. Reading
an article again invalidates what later stages derived from its old reading (its
canonical entities are resolved again, its inferred day worked out again), in the
same transaction that replaces the reading.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline.analyze.stages.features import articles
from storyline.parallel import ordered_map
from storyline.records import READING_VERSION, Reading
from storyline.stage import Context, Counts, Stage
from storyline.store.sqlite import Store

CHUNK = 500  # readings stored per transaction


def pending(store: Store, redo: bool) -> list[str]:
    """Ids of the articles never read, or read by an older version, in arrival order."""
    return store.articles.ids() if redo else store.reading.pending(READING_VERSION)


def run(context: Context, ids: Sequence[str]) -> Counts:
    """spaCy over the pending articles in worker processes, each forked with the model
    already loaded (`analyze.warm` is the forkserver's preload)."""
    from storyline.analyze import reading  # spaCy: imported only when there is reading to do

    done = 0
    batch: list[Reading] = []
    results = ordered_map(
        articles(context.store, ids),
        reading.read,
        jobs=context.jobs,
        is_task=lambda _: True,
        preload="storyline.analyze.warm",
    )
    for n, result in enumerate(results, 1):
        batch.append(result)
        if context.progress is not None:
            context.progress("reading", n, len(ids))
        if len(batch) >= CHUNK:
            done += _write(context, batch)
            batch = []
    return {"read": done + _write(context, batch)}


def _write(context: Context, batch: list[Reading]) -> int:
    if batch:
        with context.store.transaction():
            for result in batch:
                context.store.reading.save(result, READING_VERSION)
            context.invalidate([r.article_id for r in batch])
    return len(batch)


STAGE = Stage(
    name="reading",
    after=(),
    owns=("readings", "sentences", "mentions", "roles", "time_expressions", "quotes", "attitudes"),
    pending=pending,
    run=run,
    summary="sentences, actor mentions with titles and roles, dates (TIMEX3), quotes and attitudes",
)
