"""The ingest stage: inputs in, articles and rejections stored, in batches.

Parsing runs in worker processes (`jobs`), fed with a bounded number of chunks
in flight, so memory does not grow with the input; results are written in
input order by the one writer, one transaction per batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from storyline.ingest import titles
from storyline.ingest.item import Item
from storyline.ingest.parse import Result, parse_chunk
from storyline.ingest.sources import DEFAULT_MAX_BYTES, Work, items
from storyline.model import Article, Notice, Rejection
from storyline.parallel import default_jobs, ordered_map
from storyline.store.sqlite import Store

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
            with store.transaction():
                batch = titles.strip_repeated(store.articles, pending_articles)  # a suffix the outlet repeats
                result = store.articles.write_batch(batch, pending_rejections)
            report.added += result.added
            report.duplicates += result.duplicates
            pending_articles.clear()
            pending_rejections.clear()

    for result in _results(items(paths, max_bytes), jobs or default_jobs()):
        if isinstance(result, Article):
            report.read += 1
            pending_articles.append(result)
        elif isinstance(result, Rejection):
            report.rejections.append(replace(result, raw=None))  # the bytes go to the store, not the report
            pending_rejections.append(result)
        else:
            report.notices.append(result)
        if listener is not None:
            listener(result, report)
        if len(pending_articles) + len(pending_rejections) >= BATCH:
            flush()
    flush()
    report.seconds = time.perf_counter() - started
    return report


def _results(work: Iterable[Work], jobs: int) -> Iterator[Result]:
    """Items parsed in worker processes, in input order; rejections and notices pass through."""
    return ordered_map(
        work, parse_chunk, jobs=jobs, is_task=lambda entry: isinstance(entry, Item), preload="storyline.ingest.parse"
    )
