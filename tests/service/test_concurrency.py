"""Two writers on one store at once (service/pipeline.py, store/lock.py).

The end-to-end tests run real `python -m storyline ingest` processes on one store,
as a user or a cron job would, each bounded in time: both must end with exit 0 and
leave what one run leaves. The lock's own rules (waits, re-entry, threads, a dead
holder) are checked in-process.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from storyline.service import export, stories
from storyline.store import lock
from storyline.store.sqlite import Store
from tests.conftest import make_story

ARTICLES = 400
BOUND = 180.0  # seconds any one process may take before the test calls it hung


def _write_jsonl(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            text = "\n\n".join(make_story(n, 3)) + f"\n\nThis is line {n} of the record."
            handle.write(json.dumps({"text": text, "title": f"Report {n}", "published": "2025-03-14"}) + "\n")
    return path


def _ingest(path: Path, db: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "storyline", "ingest", str(path), "--db", str(db), "--json", "--no-reading", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=BOUND)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"an ingest ran for more than {BOUND:.0f}s: {err[-2000:]}")
    return process.returncode, out, err


def _outcome(db: Path) -> dict[str, Any]:
    """What the store holds, without ids of rows or times: articles, events as groups, stories, copies."""
    with closing(sqlite3.connect(db)) as c:
        groups: dict[int, set[str]] = {}
        for article_id, event_id in c.execute("SELECT article_id, event_id FROM event_articles"):
            groups.setdefault(event_id, set()).add(article_id)
        return {
            "articles": c.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM articles").fetchone(),
            "sightings": c.execute("SELECT COUNT(*) FROM sightings").fetchone()[0],
            "placed": c.execute("SELECT COUNT(*), COUNT(DISTINCT article_id) FROM event_articles").fetchone(),
            "events": c.execute("SELECT COUNT(*) FROM events").fetchone()[0],
            "stories": c.execute("SELECT COUNT(*) FROM stories").fetchone()[0],
            "event_groups": {frozenset(g) for g in groups.values()},
            "copies": set(c.execute("SELECT article_id, original_id, kind FROM copies")),
            "features": c.execute("SELECT COUNT(*) FROM features").fetchone()[0],
            "integrity": c.execute("PRAGMA integrity_check").fetchone()[0],
        }


def test_two_ingests_of_one_input_at_once_both_succeed_and_leave_what_one_leaves(tmp_path: Path) -> None:
    source = _write_jsonl(tmp_path / "a.jsonl", ARTICLES)
    single = tmp_path / "single.db"
    code, _, err = _finish(_ingest(source, single, "--jobs", "1"))
    assert code == 0, err

    shared = tmp_path / "shared.db"
    first, second = _ingest(source, shared, "--jobs", "1"), _ingest(source, shared, "--jobs", "1")
    results = [_finish(first), _finish(second)]
    for code, _, err in results:
        assert code == 0, err
        assert "IntegrityError" not in err and "database is locked" not in err
    summaries = [json.loads(out) for _, out, _ in results]
    assert sorted(s["added"] for s in summaries) == [0, ARTICLES]
    assert sorted(s["duplicates"] for s in summaries) == [0, ARTICLES]
    assert all(s["articles_in_store"] == ARTICLES for s in summaries)
    # the second writer finds nothing pending: every stage's work was the first's
    later = next(s for s in summaries if s["added"] == 0)
    assert all(not counts for counts in later["stages"].values()), later["stages"]

    alone, together = _outcome(single), _outcome(shared)
    assert together["articles"] == (ARTICLES, ARTICLES)
    assert together["placed"] == (ARTICLES, ARTICLES)
    assert together["integrity"] == "ok"
    assert together == alone


def test_readers_never_see_a_locked_database_while_two_ingests_write(tmp_path: Path) -> None:
    source = _write_jsonl(tmp_path / "a.jsonl", ARTICLES)
    db = tmp_path / "s.db"
    code, _, err = _finish(_ingest(source, db, "--jobs", "1"))
    assert code == 0, err
    more = _write_jsonl(tmp_path / "b.jsonl", ARTICLES * 2)  # the first 400 again, and 400 new
    writers = [_ingest(more, db, "--jobs", "1"), _ingest(more, db, "--jobs", "1")]
    problems: list[str] = []
    reads = 0
    while any(w.poll() is None for w in writers):
        try:
            with Store(db) as store:
                stories.stories(store)
                with open(os.devnull, "w", encoding="utf-8") as sink:
                    export.write_json(store, sink)
            reads += 1
        except Exception as exc:
            problems.append(repr(exc))
    results = [_finish(w) for w in writers]
    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    assert problems == []
    assert reads >= 1
    assert _outcome(db)["placed"] == (ARTICLES * 2, ARTICLES * 2)


# -- the lock's rules ----------------------------------------------------------


def test_a_second_holder_waits_says_so_once_and_then_gives_up(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, db],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        notes: list[str] = []
        started = time.monotonic()
        with pytest.raises(lock.WriterBusy, match="another process"), lock.writer(db, wait=1.5, on_wait=notes.append):
            pass
        assert 1.4 <= time.monotonic() - started < 10
        assert len(notes) == 1 and f"pid {holder.pid}" in notes[0]
        assert lock.holder(db) == holder.pid
    finally:
        holder.kill()
        holder.wait()


def test_an_ingest_that_waits_past_its_limit_says_so_in_one_line_and_exits_2(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    source = _write_jsonl(tmp_path / "a.jsonl", 3)
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        waiter = subprocess.Popen(
            [sys.executable, "-m", "storyline", "ingest", str(source), "--db", str(db), "--no-reading"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ | {"STORYLINE_LOCK_TIMEOUT": "2"},
        )
        code, _, err = _finish(waiter)
    finally:
        holder.kill()
        holder.wait()
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 2 and "waiting for it" in lines[0] and lines[1].startswith("error: ")
    assert f"pid {holder.pid}" in lines[1] and "Traceback" not in err
    with Store(db) as store:
        assert store.articles.count() == 0


def test_the_lock_of_a_killed_holder_is_free_at_once(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, db], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    notes: list[str] = []
    with lock.writer(db, wait=5, on_wait=notes.append):
        assert lock.holder(db) == os.getpid()
    assert notes == []


def test_the_lock_is_reentrant_in_a_thread_and_excludes_other_threads(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    outcome: list[str] = []

    def other() -> None:
        try:
            with lock.writer(db, wait=0.3):
                outcome.append("entered")
        except lock.WriterBusy:
            outcome.append("busy")

    with lock.writer(db, wait=1), lock.writer(db, wait=1):
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
    assert outcome == ["busy"]
    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert outcome == ["busy", "entered"]


def test_a_store_without_a_file_needs_no_lock() -> None:
    assert lock.lock_path(":memory:") is None
    with lock.writer(":memory:", wait=0):
        pass


_HOLD = """
import sys, time
from storyline.store import lock
with lock.writer(sys.argv[1], wait=5):
    print("held", flush=True)
    time.sleep(120)
"""
