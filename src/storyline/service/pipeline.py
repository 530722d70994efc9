"""The write side every face shares: ingest inputs, then bring every stage up to date."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from storyline import registry
from storyline.ingest.pipeline import IngestReport, Listener, ingest
from storyline.ingest.sources import DEFAULT_MAX_BYTES
from storyline.parallel import default_jobs
from storyline.registry import UpdateReport
from storyline.stage import Progress
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
) -> IngestResult:
    """Read the inputs into the store, then run every registered stage over what is new, so the
    store is fully analysed when this returns. `read=False` skips the spaCy reading and the
    stages after it (a bulk load, read later by `update`). `ingested` is told when the
    inputs are stored and the stages begin (a face closes its ingest progress there)."""
    report = ingest(paths, store, jobs=jobs, max_bytes=max_bytes, listener=listener)
    if ingested is not None:
        ingested(report)
    updated = update(store, jobs=jobs, read=read, progress=progress)
    return IngestResult(report, updated, store.articles.count())


def update(
    store: Store, *, jobs: int | None = None, redo: bool = False, read: bool = True, progress: Progress | None = None
) -> UpdateReport:
    """Every registered stage over what it has not seen (all articles with `redo`)."""
    return registry.update(store, jobs=jobs or default_jobs(), redo=redo, read=read, progress=progress)
