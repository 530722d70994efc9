"""The timeline stage: the store's dated entries, rebuilt a year at a time where articles changed.

Runs after the anchors stage, the last to date sentences. A happening is told by articles of
several stories (the invasion every report of a war recalls, last month's talks recalled in
this month's), so entries gather sentences from the whole store; what one sentence can join
is bounded by its date, so the unit of rebuilding is the year its date falls in. An article
new or changed since the last run (in its dating, its copies, its reading, its actors or its
story) rebuilds every year it tells of, then and now: the result is the same however the
articles arrived.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline.corpus.accounts import told_of
from storyline.corpus.timeline import Entry, build
from storyline.stage import Context, Counts, Stage
from storyline.store.sqlite import Store
from storyline.store.timeline import StoredEntry


def _changes(store: Store, redo: bool) -> tuple[dict[str, tuple[str, list[int]]], list[str], list[int]]:
    """(the new state and years of each changed article, the articles gone, the years to rebuild)."""
    built = {} if redo else store.timeline.built()
    now = store.accounts.states()
    changed = [aid for aid, state in now.items() if aid not in built or built[aid][0] != state]
    gone = [aid for aid in built if aid not in now]
    years_now = store.accounts.years_told(changed)
    states = {aid: (now[aid], sorted(years_now.get(aid, ()))) for aid in changed}
    years = {y for aid in changed for y in years_now.get(aid, ())}
    years |= {y for aid in changed + gone if aid in built for y in built[aid][1]}
    return states, gone, sorted(years)


def pending(store: Store, redo: bool) -> list[int]:
    """The years to rebuild, or none when no article changed."""
    states, gone, years = _changes(store, redo)
    return years or ([0] if states or gone else [])  # 0: only the bookkeeping to update


def run(context: Context, work: Sequence[int]) -> Counts:
    store = context.store
    states, gone, _ = _changes(store, context.redo)
    entries = 0
    for n, year in enumerate(work):
        if year == 0:
            continue
        told = told_of(list(store.accounts.load(store.accounts.telling(year))))
        found = build(told, year)
        with store.transaction():
            store.timeline.replace_year(year, [stored(e) for e in found])
        entries += len(found)
        if context.progress:
            context.progress("timeline", n + 1, len(work))
    with store.transaction():
        store.timeline.record(states, gone)
    return {"years": len([y for y in work if y]), "entries": entries}


def stored(e: Entry) -> StoredEntry:
    w = e.when
    return StoredEntry(
        e.id, e.story, w.value, w.start.isoformat(), w.end.isoformat(), w.precision, e.text, list(e.entities),
        e.independent, e.sources, list(e.stories),
    )  # fmt: skip


def forget(store: Store, ids: Sequence[str]) -> None:
    store.timeline.forget(ids)


STAGE = Stage(
    name="timeline",
    after=("anchors",),
    owns=("timeline_entries", "timeline_entry_stories", "timeline_articles"),
    pending=pending,
    run=run,
    forget=forget,
    summary="the dated happenings the articles tell, one entry per happening with every sentence that tells it",
)
