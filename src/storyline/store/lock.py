"""One writer at a time per store: an advisory lock on a file beside it, `<db>.lock`.

SQLite serialises transactions, not sequences of them. An ingest computes its
work (what is pending for each stage) in one transaction and writes it in others,
so two ingests of one store at once each place the same articles and the second
fails on a unique key. The write side (`service/pipeline.py`) therefore holds this
lock for its whole ingest-then-update sequence; the second writer waits, then
finds nothing pending. Readers never take it: WAL lets them read while one writes.

`fcntl.flock` is held by an open file, so the kernel releases it when its process
dies, kill -9 included: no stale lock to clean up, and the file is never deleted
(deleting a lock file races with a process about to lock it). Within one process
the lock is re-entrant for the thread that holds it (`ingest_and_update` calls
`update`) and excludes other threads, which a second open file would not do.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from storyline.store.sqlite import StoreError

WAIT = 3600.0  # seconds a writer waits for another before giving up (STORYLINE_LOCK_TIMEOUT overrides)
NOTE_AFTER = 1.0  # seconds of waiting before the caller is told why it waits
_POLL = 0.1


class WriterBusy(StoreError):
    """Another process kept the store's writer lock for longer than this one would wait."""


@dataclass
class _Entry:
    """This process's hold on one lock file: the thread lock and the open file, while held."""

    thread_lock: threading.RLock = field(default_factory=threading.RLock)
    fd: int | None = None
    depth: int = 0


_entries: dict[str, _Entry] = {}
_entries_guard = threading.Lock()


def lock_path(db_path: str) -> str | None:
    """The lock file of a store, or None for a store with no file (`:memory:`)."""
    if db_path in ("", ":memory:"):
        return None
    return db_path + ".lock"


def default_wait() -> float:
    """How long to wait for another writer: `STORYLINE_LOCK_TIMEOUT` seconds, else `WAIT`."""
    value = os.environ.get("STORYLINE_LOCK_TIMEOUT", "")
    try:
        return float(value) if value else WAIT
    except ValueError:
        return WAIT


@contextmanager
def writer(db_path: str, *, wait: float | None = None, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the store's writer lock for the block; wait up to `wait` seconds for it.

    `on_wait` is told once, in one line, when the wait passes `NOTE_AFTER` seconds,
    so a user sees why the command stands still. Raises `WriterBusy` on timeout."""
    path = lock_path(db_path)
    if path is None:
        yield
        return
    limit = default_wait() if wait is None else wait
    deadline = time.monotonic() + limit
    key = os.path.realpath(path)
    with _entries_guard:
        entry = _entries.setdefault(key, _Entry())
    if not entry.thread_lock.acquire(timeout=max(limit, 0.0)):
        raise WriterBusy(f"{db_path}: another thread of this process has been writing it for {limit:.0f}s")
    try:
        if entry.depth == 0:
            entry.fd = _lock_file(path, db_path, deadline, limit, on_wait)
        entry.depth += 1
        try:
            yield
        finally:
            entry.depth -= 1
            if entry.depth == 0 and entry.fd is not None:
                os.close(entry.fd)  # closing the file releases the lock
                entry.fd = None
    finally:
        entry.thread_lock.release()


def holder(db_path: str) -> int | None:
    """The pid that last took the store's writer lock (it may have ended since), if known."""
    path = lock_path(db_path)
    if path is None:
        return None
    try:
        with open(path, encoding="ascii") as f:
            return int(f.read().strip() or 0) or None
    except (OSError, ValueError):
        return None


def _lock_file(path: str, db_path: str, deadline: float, limit: float, on_wait: Callable[[str], None] | None) -> int:
    """Open the lock file and take its lock, polling until `deadline`; the open descriptor holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    started = time.monotonic()
    told = False
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                pass
            now = time.monotonic()
            if now >= deadline:
                raise WriterBusy(
                    f"{db_path}: another process (pid {holder(db_path) or '?'}) has been writing it "
                    f"for more than {limit:.0f}s; try again when it ends (STORYLINE_LOCK_TIMEOUT sets the wait)"
                )
            if not told and on_wait is not None and now - started >= NOTE_AFTER:
                told = True
                on_wait(
                    f"{db_path} is being written by another process (pid {holder(db_path) or '?'}); "
                    f"waiting for it to finish (up to {limit:.0f}s)"
                )
            time.sleep(min(_POLL, max(deadline - now, 0.0)))
    except BaseException:
        os.close(fd)
        raise
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    return fd
