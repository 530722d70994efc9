"""The write side every face shares: ingest inputs, then bring every stage up to date.

A store has one writer at a time (`store/lock.py`): each stage computes what is
pending and writes it in later transactions, so two sequences at once would both
do the same work and the second would collide with the first. Both calls here hold
the store's writer lock for all they do; a second writer waits for the first, then
finds its inputs stored and nothing pending. Readers never wait (WAL).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

from storyline import registry
from storyline.ingest.pipeline import IngestReport, Listener, ingest
from storyline.ingest.sources import DEFAULT_MAX_BYTES
from storyline.parallel import default_jobs
from storyline.registry import UpdateReport
from storyline.stage import Progress
from storyline.store import lock
from storyline.store.sqlite import Store


@dataclass(frozen=True)
class IngestResult:
    ingest: IngestReport
    update: UpdateReport
    articles_in_store: int


def ingest_and_update(
    paths: list[str],
    store: Store,
    *,
    jobs: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    read: bool = True,
    listener: Listener | None = None,
    progress: Progress | None = None,
    ingested: Callable[[IngestReport], None] | None = None,
    wait: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> IngestResult:
    """Read the inputs into the store, then run every registered stage over what is new, so the
    store is fully analysed when this returns. `read=False` skips the spaCy reading and the
    stages after it (a bulk load, read later by `update`). `ingested` is told when the
    inputs are stored and the stages begin (a face closes its ingest progress there).

    The whole sequence holds the store's writer lock; `wait` is how long to wait for
    another writer (default `lock.default_wait()`), `on_wait` hears one line if that
    takes a while (default: standard error), and `lock.WriterBusy` is raised on timeout."""
    with lock.writer(store.path, wait=wait, on_wait=on_wait or note):
        report = ingest(paths, store, jobs=jobs, max_bytes=max_bytes, listener=listener)
        if ingested is not None:
            ingested(report)
        updated = update(store, jobs=jobs, read=read, progress=progress)
        return IngestResult(report, updated, store.articles.count())


def update(
    store: Store,
    *,
    jobs: int | None = None,
    redo: bool = False,
    read: bool = True,
    progress: Progress | None = None,
    wait: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> UpdateReport:
    """Every registered stage over what it has not seen (all articles with `redo`), under the
    store's writer lock (re-entrant: `ingest_and_update` already holds it)."""
    with lock.writer(store.path, wait=wait, on_wait=on_wait or note):
        return registry.update(store, jobs=jobs or default_jobs(), redo=redo, read=read, progress=progress)


def note(line: str) -> None:
    """The default word to a waiting user: the CLI has no other channel to this layer."""
    print(f"storyline: {line}", file=sys.stderr, flush=True)
