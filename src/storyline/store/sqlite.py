"""The embedded default store: one SQLite file.

WAL mode lets the CLI, the API and a running ingest read while one writer writes;
every batch is one transaction, so a crash or a kill leaves the store as it was
before the batch, never with half an article.

`Store` holds the connection, the schema and the transaction; the SQL lives in one
module per stage's tables (`store/articles.py`, `features.py`, `reading.py`,
`stories.py`, `entities.py`, `anchors.py`), reached as `store.articles`,
`store.features`, ... This is the seam where a second back end would plug in: the
same classes over another connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storyline.store.anchors import AnchorTables
from storyline.store.articles import ArticleTables
from storyline.store.entities import EntityTables
from storyline.store.features import FeatureTables
from storyline.store.reading import ReadingTables
from storyline.store.schema import MIGRATIONS, SCHEMA_VERSION
from storyline.store.stories import StoryTables

DEFAULT_DB = "storyline.db"


class StoreError(Exception):
    """The store file cannot be used (not a database, newer schema, locked)."""


class Store:
    """One store: its connection, its schema, and each stage's tables."""

    def __init__(self, path: str | Path = DEFAULT_DB) -> None:
        self.path = str(path)
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open store: {exc}") from exc
        self.articles = ArticleTables(self.db)
        self.features = FeatureTables(self.db)
        self.reading = ReadingTables(self.db)
        self.stories = StoryTables(self.db)
        self.entities = EntityTables(self.db)
        self.anchors = AnchorTables(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {version} is newer than this Storyline ({SCHEMA_VERSION})")
        for number in range(version, SCHEMA_VERSION):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in _split_sql(MIGRATIONS[number]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: everything inside it is stored, or on any error nothing."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole.

    `executescript` would commit the open transaction first, and a migration must
    apply together with its version bump or not at all."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
