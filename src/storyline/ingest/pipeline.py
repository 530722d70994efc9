"""The ingest stage: inputs in, articles and rejections stored, in batches.

Parsing runs in worker processes (`jobs`), fed with a bounded number of chunks
in flight, so memory does not grow with the input; results are written in
input order by the one writer, one transaction per batch.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice

from storyline.ingest.item import Item
from storyline.ingest.parse import Result, parse_chunk
from storyline.ingest.sources import DEFAULT_MAX_BYTES, Work, items
from storyline.model import Article, Notice, Rejection
from storyline.store.sqlite import Store

CHUNK = 16  # items per task sent to a worker
BATCH = 500  # articles per transaction


@dataclass
class IngestReport:
    """What an ingest did; `ok` is what the CLI's exit status reports."""

    read: int = 0
    added: int = 0
    duplicates: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.rejections

    def as_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "added": self.added,
            "duplicates": self.duplicates,
            "rejected": len(self.rejections),
            "warnings": len(self.notices),
            "seconds": round(self.seconds, 3),
            "rejections": [{"source": r.source, "reason": r.reason} for r in self.rejections],
        }


Listener = Callable[[Result, IngestReport], None]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def ingest(
    paths: list[str],
    store: Store,
    *,
    jobs: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    listener: Listener | None = None,
) -> IngestReport:
    """Read every input, store what is an article, record what is not."""
    report = IngestReport()
    started = time.perf_counter()
    pending_articles: list[Article] = []
    pending_rejections: list[Rejection] = []

    def flush() -> None:
        if pending_articles or pending_rejections:
            result = store.write_batch(pending_articles, pending_rejections)
            report.added += result.added
            report.duplicates += result.duplicates
            pending_articles.clear()
            pending_rejections.clear()

    for result in _results(items(paths, max_bytes), jobs or default_jobs()):
        if isinstance(result, Article):
            report.read += 1
            pending_articles.append(result)
        elif isinstance(result, Rejection):
            report.rejections.append(result)
            pending_rejections.append(result)
        else:
            report.notices.append(result)
        if listener is not None:
            listener(result, report)
        if len(pending_articles) >= BATCH:
            flush()
    flush()
    report.seconds = time.perf_counter() - started
    return report


def _results(work: Iterable[Work], jobs: int) -> Iterator[Result]:
    """Parse items in order; inline for one job or a small input, else in a pool."""
    stream = iter(work)
    first = list(islice(stream, CHUNK * 2))
    if jobs <= 1 or len(first) < CHUNK * 2:
        for entry in first:
            yield from _parse_inline(entry)
        for entry in stream:
            yield from _parse_inline(entry)
        return
    yield from _parse_pooled(_chain(first, stream), jobs)


def _parse_inline(entry: Work) -> list[Result]:
    return parse_chunk([entry]) if isinstance(entry, Item) else [entry]


def _chain(first: list[Work], rest: Iterator[Work]) -> Iterator[Work]:
    yield from first
    yield from rest


def _parse_pooled(work: Iterator[Work], jobs: int) -> Iterator[Result]:
    """Chunks of items go to workers, at most `jobs * 4` in flight; results come back in
    input order, interleaved with the rejections and notices that were not items."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["storyline.ingest.parse"])
    in_flight: deque[Future[list[Result]] | list[Result]] = deque()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        chunk: list[Item] = []
        for entry in work:
            if isinstance(entry, Item):
                chunk.append(entry)
                if len(chunk) < CHUNK:
                    continue
                in_flight.append(pool.submit(parse_chunk, chunk))
                chunk = []
            else:
                if chunk:
                    in_flight.append(pool.submit(parse_chunk, chunk))
                    chunk = []
                in_flight.append([entry])
            while len(in_flight) > jobs * 4:
                yield from _done(in_flight.popleft())
        if chunk:
            in_flight.append(pool.submit(parse_chunk, chunk))
        while in_flight:
            yield from _done(in_flight.popleft())


def _done(entry: Future[list[Result]] | list[Result]) -> list[Result]:
    return entry if isinstance(entry, list) else entry.result()
