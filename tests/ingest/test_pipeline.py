"""The ingest pipeline: batches are all-or-nothing, a kill leaves a consistent store that
a re-run completes, and parallel parsing keeps the input order."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from storyline.ingest import parse, pipeline
from storyline.ingest.item import Item
from storyline.ingest.pipeline import ingest
from storyline.model import Article, Draft
from storyline.store.articles import ArticleTables
from storyline.store.sqlite import Store
from tests.conftest import make_story

Rows = Callable[[Path], dict[str, set[tuple[Any, ...]]]]


def write_stories(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, name in enumerate(names):
        path = folder / name
        path.write_text("\n\n".join(make_story(n)) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def stored_sources(db: Path) -> list[str]:
    with Store(db) as store:
        return [a.source for a in store.articles.iter_articles()]


def test_a_failing_batch_stores_nothing_and_earlier_batches_stay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table_rows: Rows
) -> None:
    folder = tmp_path / "in"
    paths = write_stories(folder, [f"{n:02d}.txt" for n in range(1, 9)])
    (folder / "04-empty.txt").write_bytes(b"")  # its rejection belongs to the second batch
    monkeypatch.setattr(pipeline, "BATCH", 3)
    real_insert = ArticleTables._insert_article
    calls = 0

    def insert(self: ArticleTables, article: Article, now: str, seq: int) -> bool:
        nonlocal calls
        calls += 1
        if calls == 5:  # the second article of the second batch
            raise RuntimeError("disk on fire")
        return real_insert(self, article, now, seq)

    monkeypatch.setattr(ArticleTables, "_insert_article", insert)
    db = tmp_path / "s.db"
    with Store(db) as store, pytest.raises(RuntimeError, match="disk on fire"):
        ingest([str(folder)], store, jobs=1)

    assert stored_sources(db) == [str(p) for p in paths[:3]]
    rows = table_rows(db)
    assert len(rows["paragraphs"]) == 9 and len(rows["sightings"]) == 3 and len(rows["raw_inputs"]) == 3
    assert {r[0] for r in rows["paragraphs"]} == {r[0] for r in rows["articles"]}
    assert rows["rejects"] == set()  # the empty file's rejection went down with its batch

    monkeypatch.setattr(ArticleTables, "_insert_article", real_insert)
    with Store(db) as store:
        report = ingest([str(folder)], store, jobs=1)
    assert (report.added, report.duplicates) == (5, 3)
    assert stored_sources(db) == [str(p) for p in paths]
    assert len(table_rows(db)["rejects"]) == 1


def test_a_reader_that_crashes_rejects_its_input_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    paths = write_stories(folder, ["a.txt", "b.txt", "c.txt"])
    real_parse = parse.PARSERS["text"]

    def parse_text(item: Item) -> Draft:
        if item.source.endswith("b.txt"):
            raise RuntimeError("reader bug")
        return real_parse(item)

    monkeypatch.setitem(parse.PARSERS, "text", parse_text)
    db = tmp_path / "s.db"
    with Store(db) as store:
        report = ingest([str(folder)], store, jobs=1)
        rejects = store.articles.rejects()
        raw_sha = store.db.execute("SELECT raw_sha256 FROM rejects").fetchone()[0]
        kept = store.articles.raw(raw_sha)
    assert [(r.source, r.reason) for r in report.rejections] == [
        (str(paths[1]), "the text reader failed on this input (internal error RuntimeError, logged)")
    ]  # the exception's own text names our code, not the input's problem: it goes to the log
    assert stored_sources(db) == [str(paths[0]), str(paths[2])]
    assert [(r.source, r.raw_kept) for r in rejects] == [(str(paths[1]), True)]
    assert kept == paths[1].read_bytes()


def test_parallel_parsing_keeps_the_input_order(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    paths = write_stories(folder, [f"{n:03d}.txt" for n in range(100)])
    for n in (7, 50, 93):
        (folder / f"{n:03d}-empty.txt").write_bytes(b"")
    missing = str(tmp_path / "missing.txt")
    given = [str(folder / "000.txt"), missing, str(folder)]
    orders = {}
    for jobs in (1, 2):
        db = tmp_path / f"jobs{jobs}.db"
        with Store(db) as store:
            report = ingest(given, store, jobs=jobs)
            seqs = [row[0] for row in store.db.execute("SELECT seq FROM articles ORDER BY seq")]
        assert seqs == list(range(1, 101))
        orders[jobs] = (stored_sources(db), [r.source for r in report.rejections], report.duplicates)
    assert orders[1] == orders[2]
    sources, rejected, duplicates = orders[2]
    assert sources == [str(p) for p in paths]
    assert rejected == [missing] + [str(folder / f"{n:03d}-empty.txt") for n in (7, 50, 93)]
    assert duplicates == 1  # 000.txt, given twice


def write_jsonl(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            handle.write(
                json.dumps({"text": "\n\n".join(make_story(n, 2)) + f"\n\nLine {n}.", "title": f"t{n}"}) + "\n"
            )
    return path


def count_articles(db: Path) -> int:
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)) as connection:
            return int(connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0


def run_storyline(*args: str, **kwargs: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "storyline", *args], **kwargs)


def test_a_killed_ingest_leaves_a_consistent_store_that_a_rerun_completes(tmp_path: Path) -> None:
    total = 15_000
    big = write_jsonl(tmp_path / "big.jsonl", total)
    db = tmp_path / "s.db"
    process = run_storyline("ingest", str(big), "--db", str(db), "--jobs", "1", "-q", stderr=subprocess.DEVNULL)
    try:
        while count_articles(db) < 2 * pipeline.BATCH:
            assert process.poll() is None, "the ingest ended before it could be killed"
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL

    with Store(db) as store:
        db_ = store.db
        assert db_.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db_.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")  # raises if the index is off
        survived = store.articles.count()
        assert 2 * pipeline.BATCH <= survived < total
        assert survived % pipeline.BATCH == 0  # whole batches only
        orphans = {
            "without paragraphs": "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM paragraphs p WHERE p.article_id = a.id)",
            "without a sighting": "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sightings s WHERE s.article_id = a.id)",
            "without raw input": "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM raw_inputs r WHERE r.sha256 = a.raw_sha256)",
            "paragraphs of nothing": "SELECT COUNT(*) FROM paragraphs p WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = p.article_id)",
        }
        assert {name: db_.execute(sql).fetchone()[0] for name, sql in orphans.items()} == dict.fromkeys(orphans, 0)
        assert db_.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0] == 3 * survived
        assert [a.source for a in store.articles.iter_articles()] == [f"{big}:{n}" for n in range(1, survived + 1)]

    rerun = run_storyline(
        "ingest", str(big), "--db", str(db), "--jobs", "1", "--json", "--no-reading", stdout=subprocess.PIPE
    )
    out, _ = rerun.communicate()
    assert rerun.returncode == 0
    summary = json.loads(out)
    assert (summary["read"], summary["added"], summary["duplicates"], summary["rejected"]) == (
        total,
        total - survived,
        survived,
        0,
    )
    assert count_articles(db) == total
