"""The process pool (parallel.py): order kept, and no worker outlives its parent.

The kill tests run a real `python -m storyline ingest` large enough to be in its
worker phase, note its whole process tree from /proc (the resource tracker, the
forkserver, its workers), signal the ingest, and give the tree a bounded time to
be gone. Zombies count as gone: they hold no memory and only wait to be reaped.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing, suppress
from pathlib import Path

import pytest

from storyline.parallel import ordered_map

GONE_WITHIN = 20.0  # seconds the tree has to be gone after its root is signalled
ARTICLES = 30_000  # enough to keep two workers busy for more than the few seconds the test waits


def _pid_after_a_while(batch: list[int]) -> list[tuple[int, int]]:
    time.sleep(1.0)
    return [(n, os.getpid()) for n in batch]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except FileNotFoundError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{parent}/task/{task}/children", encoding="ascii") as f:
                    children = {int(c) for c in f.read().split()}
            except FileNotFoundError:
                continue
            todo.extend(children - found)
            found |= children
    return found


def _wait_gone(pids: set[int], within: float) -> set[int]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        left = {p for p in pids if _alive(p)}
        if not left:
            return left
        time.sleep(0.1)
    return {p for p in pids if _alive(p)}


def _kill_all(pids: set[int]) -> None:
    for pid in pids:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def test_results_come_back_in_input_order_from_a_pool() -> None:
    results = list(ordered_map(range(40), _pid_after_a_while, jobs=2, is_task=lambda n: n % 7 != 0, chunk=4))
    assert [r if isinstance(r, int) else r[0] for r in results] == list(range(40))
    assert all(isinstance(r, int) for r in results if r in range(0, 40, 7))


def test_a_pool_left_early_stops_its_workers_at_once_instead_of_finishing_their_chunks() -> None:
    results = ordered_map(range(400), _pid_after_a_while, jobs=2, is_task=lambda _: True, chunk=2)
    first = next(results)
    assert isinstance(first, tuple)
    workers = {first[1]}
    started = time.monotonic()
    results.close()  # what a consumer hit by an exception, or Ctrl-C, does to the generator
    assert time.monotonic() - started < 2.0  # 8 chunks of 1 s were in flight on 2 workers
    assert _wait_gone(workers, 10.0) == set()  # each ends with the chunk it runs


@pytest.fixture
def big_input(tmp_path: Path) -> Path:
    from tests.conftest import make_story  # here: the pool's workers import this module, and should do so fast

    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for n in range(ARTICLES):
            text = "\n\n".join(make_story(n, 3)) + f"\n\nLine {n}."
            handle.write(json.dumps({"text": text, "title": f"Report {n}"}) + "\n")
    return path


def _start(big: Path, db: Path, log: Path) -> subprocess.Popen[bytes]:
    """An ingest with two workers, its SIGINT restored (a shell's background job ignores it).
    Its standard error goes to a file: a pipe would stay open as long as any orphan lives."""
    with log.open("wb") as err:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "storyline",
                "ingest",
                str(big),
                "--db",
                str(db),
                "--jobs",
                "2",
                "-q",
                "--no-reading",
            ],
            stdout=subprocess.DEVNULL,
            stderr=err,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )


def _in_worker_phase(process: subprocess.Popen[bytes]) -> set[int]:
    """Wait until the ingest has workers (grandchildren: the forkserver's children); its tree then."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the ingest ended before its worker phase"
        tree = _descendants(process.pid)
        grandchildren = tree - _children(process.pid)
        if grandchildren:
            time.sleep(0.5)  # well inside the phase, chunks in flight
            return _descendants(process.pid)
        time.sleep(0.05)
    pytest.fail("no worker process appeared within 60s")


def _children(pid: int) -> set[int]:
    children: set[int] = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as f:
            children |= {int(c) for c in f.read().split()}
    return children


def _integrity(db: Path) -> str:
    with closing(sqlite3.connect(db)) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


@pytest.mark.parametrize(
    ("sig", "status"),
    [(signal.SIGKILL, -signal.SIGKILL), (signal.SIGTERM, 128 + signal.SIGTERM), (signal.SIGINT, 130)],
    ids=["kill-9", "sigterm", "sigint"],
)
def test_a_signalled_ingest_leaves_no_process_of_its_tree_behind(
    big_input: Path, tmp_path: Path, sig: signal.Signals, status: int
) -> None:
    db, log = tmp_path / "s.db", tmp_path / "stderr.txt"
    process = _start(big_input, db, log)
    tree: set[int] = set()
    try:
        tree = _in_worker_phase(process)
        assert len(tree) >= 3, tree  # resource tracker, forkserver, at least one worker
        os.kill(process.pid, sig)
        try:
            process.wait(timeout=GONE_WITHIN)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the ingest was still running {GONE_WITHIN:.0f}s after {sig.name}")
        assert process.returncode == status, log.read_text(errors="replace")[-2000:]
        left = _wait_gone(tree, GONE_WITHIN)
        assert left == set(), f"still alive {GONE_WITHIN:.0f}s after {sig.name} of the ingest: {sorted(left)}"
        assert _integrity(db) == "ok"
    finally:
        process.kill()
        process.wait()
        _kill_all(tree)
