"""The embedded default store: one SQLite file.

WAL mode lets the CLI, the API and a running ingest read while one writer writes;
every batch is one transaction, so a crash or a kill leaves the store as it was
before the batch, never with half an article.

`Store` holds the connection, the schema and the transaction; the SQL lives in one
module per stage's tables (`store/articles.py`, `features.py`, `reading.py`,
`stories.py`, `entities.py`, `anchors.py`, `timeline.py`, `claims.py`; `accounts.py` reads
what the cross-source stages need), reached as `store.articles`,
`store.features`, ... This is the seam where a second back end would plug in: the
same classes over another connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from storyline.store.articles import ArticleTables
from storyline.store.schema import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    from storyline.store.accounts import AccountTables
    from storyline.store.anchors import AnchorTables
    from storyline.store.claims import ClaimTables
    from storyline.store.entities import EntityTables
    from storyline.store.features import FeatureTables
    from storyline.store.reading import ReadingTables
    from storyline.store.stories import StoryTables
    from storyline.store.timeline import TimelineTables

DEFAULT_DB = "storyline.db"


class StoreError(Exception):
    """The store file cannot be used (not a database, missing or other schema, read-only, full, locked)."""


def describe(path: str, exc: sqlite3.Error) -> StoreError:
    """One line naming the store and what SQLite said, for an error met while using it
    (a read-only file, a full disk): the caller's transaction has been rolled back."""
    reason = str(exc)
    if "readonly" in reason or "read-only" in reason:
        return StoreError(
            f"{path}: cannot write to the store: {reason} (check the permissions of the file and its folder)"
        )
    if "full" in reason:
        return StoreError(f"{path}: cannot write to the store: {reason} (the batch being written was rolled back)")
    return StoreError(f"{path}: {reason}")


class Store:
    """One store: its connection, its schema, and each stage's tables.

    `readonly=True` is how a read opens a store: SQLite's `mode=ro`, no migration, no
    journal-mode switch, so reading a zero-byte or foreign file never writes a schema
    into it, a missing file is not created, and a store on read-only media can be read.
    A store whose schema is missing or older than this code is refused with a clear
    error rather than migrated behind the reader's back."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, readonly: bool = False) -> None:
        self.path = str(path)
        self.readonly = readonly
        try:
            if readonly:
                self.db = _connect_readonly(Path(path))
            else:
                self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            if not readonly:
                self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            if readonly:
                self._check_schema()
            else:
                self._migrate()
        except StoreError:
            self._close_quietly()
            raise
        except sqlite3.DatabaseError as exc:
            self._close_quietly()
            raise StoreError(f"{self.path}: cannot open store: {exc}") from exc
        self.articles = ArticleTables(self.db)

    # The other stages' tables are built on first use: their modules pull in numpy and the
    # records of analysis, which a command listing or searching articles never needs.

    @cached_property
    def features(self) -> FeatureTables:
        from storyline.store.features import FeatureTables

        return FeatureTables(self.db)

    @cached_property
    def reading(self) -> ReadingTables:
        from storyline.store.reading import ReadingTables

        return ReadingTables(self.db)

    @cached_property
    def stories(self) -> StoryTables:
        from storyline.store.stories import StoryTables

        return StoryTables(self.db)

    @cached_property
    def entities(self) -> EntityTables:
        from storyline.store.entities import EntityTables

        return EntityTables(self.db)

    @cached_property
    def anchors(self) -> AnchorTables:
        from storyline.store.anchors import AnchorTables

        return AnchorTables(self.db)

    @cached_property
    def accounts(self) -> AccountTables:
        from storyline.store.accounts import AccountTables

        return AccountTables(self.db)

    @cached_property
    def timeline(self) -> TimelineTables:
        from storyline.store.timeline import TimelineTables

        return TimelineTables(self.db)

    @cached_property
    def claims(self) -> ClaimTables:
        from storyline.store.claims import ClaimTables

        return ClaimTables(self.db)

    def _close_quietly(self) -> None:
        db = getattr(self, "db", None)
        if db is not None:
            db.close()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _check_schema(self) -> None:
        version = self.schema_version
        if version == 0:
            raise StoreError(
                f"{self.path}: not a Storyline store (no schema); `storyline ingest PATH --db {self.path}` makes one"
            )
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {version} is newer than this Storyline ({SCHEMA_VERSION})")
        if version < SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is older than this Storyline ({SCHEMA_VERSION}); "
                f"run `storyline analyze --db {self.path}` to upgrade it"
            )

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {version} is newer than this Storyline ({SCHEMA_VERSION})")
        for number in range(version, SCHEMA_VERSION):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                # read again under the write lock: another process opening the same new file at
                # the same moment may have applied this migration while this one waited for it
                if self.schema_version > number:
                    self.db.execute("COMMIT")
                    continue
                for statement in _split_sql(MIGRATIONS[number]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")
                self.db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: everything inside it is stored, or on any error nothing.

        An SQLite error inside it (a read-only file, a full disk) leaves as a `StoreError`
        naming the store and the reason, after the rollback."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._rollback()
                raise
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise describe(self.path, exc) from exc

    def _rollback(self) -> None:
        """Roll back what is open. SQLite may already have rolled back by itself (it does on
        a full disk), and a second ROLLBACK error must not hide the first one."""
        if self.db.in_transaction:
            with suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """A `mode=ro` connection. A missing file is an error here, never an empty new store."""
    if not path.is_file():
        raise StoreError(f"{path}: no store here")
    uri = "file:" + quote(str(path.resolve())) + "?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)


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
