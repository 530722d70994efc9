"""Work that is parallel (parsing, per-article analysis) across processes, in order.

Chunks of tasks go to worker processes with at most `4 x jobs` chunks in flight,
so memory stays bounded however long the input stream; results come back in the
order of the input, interleaved with the entries that were not tasks (an
ingest's rejections), so a single writer can store them as they arrive.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

CHUNK = 16


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def ordered_map(
    work: Iterable[Any],
    fn: Callable[[list[Any]], list[R]],
    *,
    jobs: int,
    is_task: Callable[[Any], bool],
    preload: str | None = None,
    chunk: int = CHUNK,
) -> Iterator[Any]:
    """Apply `fn` to chunks of the tasks in `work`; pass the other entries through.

    One job, or fewer than two chunks of work, runs in this process: a pool's
    start-up costs more than a small input."""
    stream = iter(work)
    head = list(islice(stream, chunk * 2))
    if jobs <= 1 or len(head) < chunk * 2:
        yield from _in_process(chain(head, stream), fn, is_task, chunk)
        return
    context = multiprocessing.get_context("forkserver")
    if preload:
        context.set_forkserver_preload([preload])
    in_flight: deque[Future[list[R]] | list[Any]] = deque()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        batch: list[Any] = []
        for entry in chain(head, stream):
            if is_task(entry):
                batch.append(entry)
                if len(batch) < chunk:
                    continue
                in_flight.append(pool.submit(fn, batch))
                batch = []
            else:
                if batch:
                    in_flight.append(pool.submit(fn, batch))
                    batch = []
                in_flight.append([entry])
            while len(in_flight) > jobs * 4:
                yield from _done(in_flight.popleft())
        if batch:
            in_flight.append(pool.submit(fn, batch))
        while in_flight:
            yield from _done(in_flight.popleft())


def _in_process(
    work: Iterator[Any], fn: Callable[[list[Any]], list[R]], is_task: Callable[[Any], bool], chunk: int
) -> Iterator[Any]:
    """The same chunks as the pool gets, in this process: `fn` may batch (spaCy's `nlp.pipe`)."""
    batch: list[Any] = []
    for entry in work:
        if is_task(entry):
            batch.append(entry)
            if len(batch) >= chunk:
                yield from fn(batch)
                batch = []
        else:
            if batch:
                yield from fn(batch)
                batch = []
            yield entry
    if batch:
        yield from fn(batch)


def _done(entry: Future[list[R]] | list[Any]) -> list[Any]:
    return entry if isinstance(entry, list) else entry.result()
