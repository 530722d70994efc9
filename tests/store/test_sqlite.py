from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import pytest

from storyline.model import Rejection
from storyline.store.schema import SCHEMA_VERSION
from storyline.store.sqlite import Store, StoreError
from tests.helpers import dump, read_text, write_batch


def test_new_store_is_migrated_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        Store(path)


def test_same_body_is_one_article_with_two_sightings(tmp_path: Path) -> None:
    first = read_text("Rain fell on the capital on Monday, flooding roads.\n", "a.txt")
    copy = read_text("Rain fell on the capital on Monday,   flooding roads.\n", "b.txt")
    assert first.id == copy.id
    with Store(tmp_path / "s.db") as store:
        assert write_batch(store, [first]).added == 1
        result = write_batch(store, [copy, first])
        assert (result.added, result.duplicates) == (0, 2)
        assert store.articles.count() == 1
        assert [s["source"] for s in store.articles.sightings(first.id)] == ["a.txt", "b.txt"]


def test_article_round_trip_with_offsets_and_raw(tmp_path: Path) -> None:
    article = read_text("Headline here\nFirst paragraph.\n\nSecond “paragraph”.\n")
    with Store(tmp_path / "s.db") as store:
        write_batch(store, [article])
        loaded = store.articles.get(article.id[:6])
        assert loaded is not None
        assert loaded.body == article.body
        assert [loaded.paragraph_text(i) for i in range(2)] == ["First paragraph.", "Second “paragraph”."]
        assert loaded.raw_sha256 is not None
        assert store.articles.raw(loaded.raw_sha256) == article.raw


def test_get_by_prefix_is_unambiguous_and_an_index_search(tmp_path: Path) -> None:
    articles = [read_text(f"Article number {i} about the harbour and its ferries.\n", f"{i}.txt") for i in range(40)]
    with Store(tmp_path / "s.db") as store:
        write_batch(store, articles)
        for article in articles:
            assert store.articles.get(article.id) is not None
            assert store.articles.get(article.id).id == article.id  # type: ignore[union-attr]
        ids = sorted(a.id for a in articles)
        shared = next(a[:1] for a, b in itertools.pairwise(ids) if a[0] == b[0])
        assert store.articles.get(shared) is None  # too short to be a prefix
        assert store.articles.get("zzzz") is None
        # the statements `get` runs, read off SQLite itself: each must be an index search
        executed: list[str] = []
        store.db.set_trace_callback(executed.append)
        store.articles.get(articles[0].id)
        store.articles.get(articles[0].id[:6])
        store.db.set_trace_callback(None)
        lookups = [sql for sql in executed if sql.lstrip().upper().startswith("SELECT *")]
        assert lookups, executed
        for sql in lookups:
            plan = " ".join(str(c) for row in store.db.execute(f"EXPLAIN QUERY PLAN {sql}") for c in row)
            assert "SEARCH" in plan and "SCAN" not in plan, (sql, plan)


def test_failed_batch_stores_nothing(tmp_path: Path) -> None:
    good = read_text("One good article about the harbour.\n", "good.txt")
    bad = read_text("Another article about the market.\n", "bad.txt")
    broken = type(bad)(**{**bad.__dict__, "paragraphs": None})  # type: ignore[arg-type]
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(TypeError):
            write_batch(store, [good, broken])
        assert store.articles.count() == 0
        assert store.db.execute("SELECT COUNT(*) FROM raw_inputs").fetchone()[0] == 0


def test_rejects_are_counted_not_duplicated(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        write_batch(store, [], [Rejection("x.bin", "binary", "text", b"\x00\x01")])
        write_batch(store, [], [Rejection("x.bin", "binary", "text", b"\x00\x01")])
        (row,) = store.articles.rejects()
        assert (row.source, row.times, row.raw_kept) == ("x.bin", 2, True)


def test_search_ranks_title_hits_and_survives_bad_syntax(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        write_batch(
            store,
            [
                read_text("Ceasefire talks collapse\nThe delegations left the city.\n", "a.txt"),
                read_text("Markets rally\nTraders cheered news of ceasefire talks in the region.\n", "b.txt"),
            ],
        )
        hits = store.articles.search("ceasefire")
        assert [a.source for a, _ in hits] == ["a.txt", "b.txt"]
        assert store.articles.search('"unbalanced') == []
        assert [a.source for a, _ in store.articles.search("Zelensky-Putin OR delegations")] == ["a.txt"]


def _store_at_version(path: Path, version: int) -> sqlite3.Connection:
    """A store as an older Storyline left it: its first `version` migrations only."""
    from storyline.store.schema import MIGRATIONS

    db = sqlite3.connect(path)
    for migration in MIGRATIONS[:version]:
        db.executescript(migration)
    db.execute(f"PRAGMA user_version = {version}")
    return db


def test_migration_7_moves_the_resolved_flag_to_the_entities_stage(tmp_path: Path) -> None:
    """A store written before the stage registry keeps which articles were resolved."""
    from storyline.store.articles import ArticleTables

    path = tmp_path / "v6.db"
    db = _store_at_version(path, 6)
    done, waiting = read_text("First report of the ferry vote.\n"), read_text("Second report of the bridge.\n")
    ArticleTables(db).write_batch([done, waiting])
    db.executemany(
        "INSERT INTO readings(article_id, version, resolved, computed_at) VALUES (?, 2, ?, 'then')",
        [(done.id, 1), (waiting.id, 0)],
    )
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [r[0] for r in store.db.execute("SELECT article_id FROM entity_resolutions")] == [done.id]
        assert "resolved" not in {r[1] for r in store.db.execute("PRAGMA table_info(readings)")}
        assert store.entities.pending() == [(waiting.id, None)]


def test_migration_8_keeps_the_stories_of_an_older_store_as_events_each_its_own_story(tmp_path: Path) -> None:
    """A store placed before the two levels: its stories become events, each one story."""
    from storyline.store.articles import ArticleTables

    path = tmp_path / "v7.db"
    db = _store_at_version(path, 7)
    one, two = read_text("First report of the ferry vote.\n"), read_text("Second report of the bridge.\n")
    ArticleTables(db).write_batch([one, two])
    db.executemany(
        'INSERT INTO stories(id, title, start, "end", centroid, size, created_at, updated_at) '
        "VALUES (?, ?, '2025-06-01', '2025-06-02', '{}', 1, 'then', 'then')",
        [(4, "Ferry vote"), (9, "Bridge")],
    )
    db.executemany(
        "INSERT INTO story_articles(article_id, story_id, score, method, assigned_at) VALUES (?, ?, 1, 'online', 'then')",
        [(one.id, 4), (two.id, 9)],
    )
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert (store.stories.event_of(one.id), store.stories.story_of(one.id)) == (4, 4)
        assert (store.stories.event_of(two.id), store.stories.story_of(two.id)) == (9, 9)
        assert store.stories.story_events() == {4: [4], 9: [9]}
        assert [r.title for r in store.stories.load_chains()[1]] == ["Ferry vote", "Bridge"]
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []


# -- read-only opening (issue 11): a read never writes, creates or migrates ---------------


def test_readonly_open_reads_a_store_and_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as store:
        write_batch(store, [read_text("Rain fell on the capital on Monday.\n", "a.txt")])
    with Store(path, readonly=True) as store:
        assert store.articles.count() == 1
        with pytest.raises(StoreError, match=r"s\.db: cannot write to the store: attempt to write a readonly"):
            write_batch(store, [read_text("Snow fell on the hills on Tuesday.\n", "b.txt")])
    with Store(path, readonly=True) as store:
        assert store.articles.count() == 1


def test_readonly_open_of_a_zero_byte_file_writes_no_schema(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(StoreError, match="not a Storyline store"):
        Store(path, readonly=True)
    assert path.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


def test_readonly_open_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        Store(tmp_path / "none.db", readonly=True)
    assert list(tmp_path.iterdir()) == []


def test_readonly_open_refuses_an_older_or_newer_schema_without_migrating(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    for version, word in ((SCHEMA_VERSION - 1, "older"), (SCHEMA_VERSION + 1, "newer")):
        db = sqlite3.connect(path)
        db.execute(f"PRAGMA user_version = {version}")
        db.close()
        with pytest.raises(StoreError, match=word):
            Store(path, readonly=True)
        db = sqlite3.connect(path)
        assert db.execute("PRAGMA user_version").fetchone()[0] == version
        db.close()


def test_a_full_disk_is_a_store_error_and_the_batch_is_rolled_back(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as store:
        write_batch(store, [read_text("Rain fell on the capital on Monday.\n", "a.txt")])
    before = dump(path)
    big = "\n\n".join(f"Paragraph {n} says the council met again about the harbour." * 20 for n in range(200))
    with Store(path) as store:
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full: the file cannot grow
        with pytest.raises(StoreError, match=r"s\.db: cannot write to the store: database or disk is full"):
            write_batch(store, [read_text("Snow fell.\n\n" + big, "b.txt")])
        assert not store.db.in_transaction
    assert dump(path) == before


def test_an_error_after_sqlite_rolled_back_by_itself_is_not_hidden_by_rollback(tmp_path: Path) -> None:
    """SQLite may end the transaction itself on an error; the ROLLBACK that follows must not
    replace the real reason with "cannot rollback - no transaction is active"."""
    with Store(tmp_path / "s.db") as store, pytest.raises(StoreError, match="disk is full"), store.transaction():
        store.db.execute("ROLLBACK")
        raise sqlite3.OperationalError("database or disk is full")
