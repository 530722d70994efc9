"""Work that is parallel (parsing, per-article analysis) across processes, in order.

Chunks of tasks go to worker processes with at most `4 x jobs` chunks in flight,
so memory stays bounded however long the input stream; results come back in the
order of the input, interleaved with the entries that were not tasks (an
ingest's rejections), so a single writer can store them as they arrive.

Workers never outlive the process that started them. A worker of a forkserver
holds the write ends of its own task queue and of the forkserver's "alive" pipe,
so when its parent is killed (kill -9, or a SIGTERM nothing handles) it would wait
for tasks forever and keep the forkserver alive with it. Each worker is given the
read end of a pipe, the lifeline, whose only write end is in the parent: a watchdog
thread in the worker exits the process when it closes, which the kernel does when
the parent dies however it dies. Left early (an exception, Ctrl-C or SIGTERM, a
consumer that stops reading), `ordered_map` cancels the chunks not yet started
instead of waiting for all of them; the workers end with the chunk they run. On
Linux each worker also asks for SIGKILL when the forkserver dies (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from multiprocessing.connection import Connection
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
    lifeline, keep_alive = context.Pipe(duplex=False)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(lifeline,))
    finished = False
    try:
        yield from _pooled(pool, chain(head, stream), fn, is_task, jobs, chunk)
        finished = True
    finally:
        if finished:
            _wind_down(pool, lifeline, keep_alive)
        else:  # left early: do not wait here for chunks nobody will read
            threading.Thread(
                target=_wind_down, args=(pool, lifeline, keep_alive), name="pool-wind-down", daemon=True
            ).start()


def _wind_down(pool: ProcessPoolExecutor, lifeline: Connection, keep_alive: Connection) -> None:
    """Drop the chunks not started, let the running ones end, then cut the lifeline.

    Cutting it while a worker runs would kill that worker halfway through writing its
    result, and the pool's result reader here would then wait for the rest of the
    message forever (the write end of the result queue is in this process too): so
    only the kernel cuts a live worker's lifeline, when this process dies."""
    pool.shutdown(wait=True, cancel_futures=True)
    keep_alive.close()
    lifeline.close()


def _pooled(
    pool: ProcessPoolExecutor,
    work: Iterator[Any],
    fn: Callable[[list[Any]], list[R]],
    is_task: Callable[[Any], bool],
    jobs: int,
    chunk: int,
) -> Iterator[Any]:
    in_flight: deque[Future[list[R]] | list[Any]] = deque()
    batch: list[Any] = []
    for entry in work:
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


def _start_worker(lifeline: Connection) -> None:
    """First thing in every worker: tie its life to the parent's.

    Ctrl-C reaches the whole process group; the parent handles it and its cleanup
    ends the workers through the lifeline, so a worker ignores SIGINT rather than
    print a traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    threading.Thread(target=_watch, args=(lifeline, os.getppid()), name="lifeline", daemon=True).start()


def _watch(lifeline: Connection, parent: int) -> None:
    """Exit the worker when the lifeline closes (nothing is ever sent on it, so readable
    means closed) or, as a second check, when the worker is orphaned."""
    while not lifeline.poll(1.0):
        if os.getppid() != parent:
            break
    os._exit(0)


def _die_with_parent() -> None:
    """Linux only: SIGKILL this process when its parent (the forkserver) ends."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return


_PR_SET_PDEATHSIG = 1


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
