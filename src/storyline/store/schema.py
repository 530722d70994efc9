"""The store's schema as an ordered list of migrations.

Each stage owns its tables and adds them in a migration of its own; a migration is
never edited once released, only followed by another. The version is SQLite's
`user_version`, so a store knows which migrations it has seen without a table.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: ingest. Raw inputs are content-addressed so a WARC's records or a feed's
    # entries share nothing by accident and re-reading a file stores nothing twice.
    """
    CREATE TABLE raw_inputs (
        sha256      TEXT PRIMARY KEY,
        size        INTEGER NOT NULL,
        compression TEXT NOT NULL,            -- 'zlib' or 'none'
        data        BLOB NOT NULL
    );

    CREATE TABLE articles (
        id                  TEXT PRIMARY KEY,  -- sha256 of the normalized body, 16 hex
        source              TEXT NOT NULL,     -- the path or URL it was first read from, as given
        reader              TEXT NOT NULL,     -- text | html | feed | warc | jsonl
        url                 TEXT,
        outlet              TEXT,
        outlet_origin       TEXT,              -- url | credit: ... | metadata: ... | byline
        title               TEXT,
        author              TEXT,
        published           TEXT,              -- ISO 8601 truncated to its precision
        published_precision TEXT CHECK (published_precision IN ('day', 'month', 'year')),
        published_origin    TEXT,
        language            TEXT,
        body                TEXT NOT NULL,
        raw_sha256          TEXT REFERENCES raw_inputs(sha256),
        extra               TEXT NOT NULL DEFAULT '{}',   -- JSON: reader-specific metadata
        ingested_at         TEXT NOT NULL,
        seq                 INTEGER NOT NULL UNIQUE      -- arrival order, for streaming stages
    );
    CREATE INDEX articles_published ON articles(published);

    CREATE TABLE paragraphs (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx        INTEGER NOT NULL,
        start      INTEGER NOT NULL,
        "end"      INTEGER NOT NULL,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;

    -- Every place the same text was read from: the second copy of a body is not a
    -- new article, but where it appeared is evidence later stages need.
    CREATE TABLE sightings (
        article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        source      TEXT NOT NULL,
        url         TEXT,
        outlet      TEXT,
        title       TEXT,
        seen_at     TEXT NOT NULL,
        PRIMARY KEY (article_id, source)
    ) WITHOUT ROWID;

    CREATE TABLE rejects (
        id          INTEGER PRIMARY KEY,
        source      TEXT NOT NULL,
        reason      TEXT NOT NULL,
        reader      TEXT,
        raw_sha256  TEXT REFERENCES raw_inputs(sha256),
        first_seen  TEXT NOT NULL,
        last_seen   TEXT NOT NULL,
        times       INTEGER NOT NULL DEFAULT 1,
        UNIQUE (source, reason)
    );

    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, content='articles', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body)
        VALUES ('delete', old.rowid, old.title, old.body);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body)
        VALUES ('delete', old.rowid, old.title, old.body);
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
    END;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
