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
    # 2: analysis features and the corpus stage (copies, stories).
    """
    -- What the analysis stage computed for an article, once: the inputs of every
    -- cross-article comparison, so the corpus stage never re-reads a body.
    CREATE TABLE features (
        article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        version     INTEGER NOT NULL,          -- bumped when the computation changes
        words       INTEGER NOT NULL,
        word_key    TEXT NOT NULL,             -- hash of the word sequence: "exact" copies
        shingles    INTEGER NOT NULL,          -- distinct 5-word shingles
        minhash     BLOB NOT NULL,             -- MinHash of the shingles (uint32 x 128)
        skeleton    TEXT NOT NULL,             -- names, numbers and quotes in order
        skeleton_hash BLOB NOT NULL,           -- MinHash of the skeleton's 3-grams
        terms       TEXT NOT NULL,             -- JSON {field: {term: count}} for stories
        computed_at TEXT NOT NULL
    );
    CREATE INDEX features_word_key ON features(word_key);

    -- Locality-sensitive hashing bands: candidates for a copy are the articles that
    -- share a band key. Persistent, so an index of any size costs no memory.
    CREATE TABLE lsh_bands (
        space      INTEGER NOT NULL,           -- 0: body shingles, 1: skeleton
        key        INTEGER NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (space, key, article_id)
    ) WITHOUT ROWID;

    CREATE TABLE paraphrase_flags (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        flag       INTEGER NOT NULL,
        score      REAL NOT NULL,
        evidence   TEXT NOT NULL               -- JSON list of {phrase, likely, signal, start, end}
    );

    CREATE TABLE copies (
        article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        original_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind        TEXT NOT NULL CHECK (kind IN ('exact', 'near-duplicate', 'paraphrase')),
        score       REAL NOT NULL,
        evidence    TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX copies_original ON copies(original_id);

    CREATE TABLE stories (
        id          INTEGER PRIMARY KEY,
        title       TEXT,
        start       TEXT,
        "end"       TEXT,
        centroid    TEXT NOT NULL,             -- JSON {field: {term: weight}}, top terms only
        size        INTEGER NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );

    CREATE TABLE story_articles (
        article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id    INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        score       REAL NOT NULL,             -- similarity to the story when assigned
        method      TEXT NOT NULL,             -- online | recluster
        assigned_at TEXT NOT NULL
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);

    -- Document frequencies for TF-IDF, kept as articles arrive.
    CREATE TABLE term_df (
        term TEXT PRIMARY KEY,
        df   INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE corpus_stats (
        name  TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    );
    """,
    # 3: optional sentence embeddings (the `embeddings` extra). Empty without it.
    """
    -- An article's sentence embedding (analyze/signals/embeddings.py), float32 x 384, unit
    -- length; `model` names the model and text recipe, so a stale vector is redone.
    CREATE TABLE embeddings (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        model      TEXT NOT NULL,
        vector     BLOB NOT NULL
    );

    -- A story's embedding centroid: the running sum of its articles' vectors (float32),
    -- normalized when compared. NULL for a story placed without embeddings.
    ALTER TABLE stories ADD COLUMN embedding BLOB;
    """,
    # 4: reading each article (spaCy): sentences, actor mentions, roles, dates, quotes;
    # and the corpus-level canonical entities they resolve to.
    """
    -- Which articles were read, by which version of the reading code.
    CREATE TABLE readings (
        article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        version     INTEGER NOT NULL,
        resolved    INTEGER NOT NULL DEFAULT 0,  -- 1 once its mentions point at canonical entities
        computed_at TEXT NOT NULL
    );
    CREATE INDEX readings_unresolved ON readings(resolved) WHERE resolved = 0;

    -- Sentences with the date of what they report (the first resolved date in them), so
    -- any extracted item can point back to its sentence and a timeline can be built.
    CREATE TABLE sentences (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx        INTEGER NOT NULL,
        start      INTEGER NOT NULL,
        "end"      INTEGER NOT NULL,
        date       TEXT,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;

    CREATE TABLE entities (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        type       TEXT NOT NULL,
        mentions   INTEGER NOT NULL,
        aliases    TEXT NOT NULL,              -- JSON {surface form: count}
        labels     TEXT NOT NULL,              -- JSON {spaCy label: count}
        updated_at TEXT NOT NULL
    );
    CREATE INDEX entities_name ON entities(name COLLATE NOCASE);

    CREATE TABLE entity_articles (
        entity_id  INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (entity_id, article_id)
    ) WITHOUT ROWID;
    CREATE INDEX entity_articles_article ON entity_articles(article_id);

    CREATE TABLE mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx        INTEGER NOT NULL,
        start      INTEGER NOT NULL,
        "end"      INTEGER NOT NULL,
        text       TEXT NOT NULL,
        label      TEXT NOT NULL,
        title      TEXT,
        sentence   INTEGER NOT NULL,
        entity_id  INTEGER REFERENCES entities(id) ON DELETE SET NULL,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;
    CREATE INDEX mentions_entity ON mentions(entity_id);

    CREATE TABLE roles (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        mention    INTEGER NOT NULL,           -- mentions.idx in the same article
        text       TEXT NOT NULL,
        start      INTEGER NOT NULL,
        "end"      INTEGER NOT NULL
    );
    CREATE INDEX roles_article ON roles(article_id);

    CREATE TABLE time_expressions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start      INTEGER NOT NULL,
        "end"      INTEGER NOT NULL,
        text       TEXT NOT NULL,
        value      TEXT NOT NULL,
        kind       TEXT NOT NULL,
        precision  TEXT NOT NULL,
        PRIMARY KEY (article_id, start)
    ) WITHOUT ROWID;

    CREATE TABLE quotes (
        article_id    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx           INTEGER NOT NULL,
        start         INTEGER NOT NULL,
        "end"         INTEGER NOT NULL,
        text          TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('direct', 'indirect')),
        speaker       TEXT,
        speaker_start INTEGER,
        speaker_end   INTEGER,
        cue           TEXT,
        mention       INTEGER,                 -- mentions.idx of the speaker, when it is a named actor
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;
    """,
    # 5: attitudes (beliefs, intentions, stances, topics ascribed to a holder), shaped like quotes
    """
    CREATE TABLE attitudes (
        article_id    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx           INTEGER NOT NULL,
        start         INTEGER NOT NULL,
        "end"         INTEGER NOT NULL,
        text          TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('belief', 'intention', 'stance', 'topic')),
        holder        TEXT NOT NULL,
        holder_start  INTEGER,
        holder_end    INTEGER,
        cue           TEXT,
        mention       INTEGER,                 -- mentions.idx of the holder, when it is a named actor
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;
    """,
    # 6: a publication day inferred for an article that prints none (corpus/anchors.py).
    """
    -- One row per undated read article (deleted when it is read again). `published` keeps
    -- what the text printed; this is the day worked out from its weekdays and the corpus.
    CREATE TABLE date_anchors (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        weekday    INTEGER,                    -- 1 = Monday: the day its own weekday mentions point to
        day        TEXT,                       -- ISO day, or NULL when the corpus does not settle it
        method     TEXT,                       -- story | event | story+event
        evidence   TEXT NOT NULL DEFAULT '[]'  -- JSON: the articles and events that voted for the day
    ) WITHOUT ROWID;
    """,
    # 7: which read articles the entities stage has resolved, kept in a table of that stage's
    # own (it was the `resolved` column of `readings`, a table of the reading stage).
    """
    CREATE TABLE entity_resolutions (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
    ) WITHOUT ROWID;
    INSERT INTO entity_resolutions(article_id) SELECT article_id FROM readings WHERE resolved = 1;
    DROP INDEX readings_unresolved;
    ALTER TABLE readings DROP COLUMN resolved;
    """,
    # 8: two levels (issue 12). What the online clusterer forms is an *event* (one happening,
    # as ECB+ marks them); a *story* chains the events that continue one another.
    """
    ALTER TABLE stories RENAME TO events;
    ALTER TABLE story_articles RENAME TO event_articles;
    ALTER TABLE event_articles RENAME COLUMN story_id TO event_id;
    DROP INDEX story_articles_story;
    CREATE INDEX event_articles_event ON event_articles(event_id);

    CREATE TABLE stories (
        id          INTEGER PRIMARY KEY,       -- the id of its first event
        title       TEXT,
        start       TEXT,
        "end"       TEXT,
        size        INTEGER NOT NULL DEFAULT 0, -- articles, copies included
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE story_events (
        event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE
    );
    CREATE INDEX story_events_story ON story_events(story_id);

    -- Why two events are one story (kind 'continues') or related stories ('related'): the
    -- article that scored close to both, and its score against the other one.
    CREATE TABLE event_links (
        event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        other_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        kind       TEXT NOT NULL CHECK (kind IN ('continues', 'related')),
        score      REAL NOT NULL,              -- the best bridging article's score
        article_id TEXT NOT NULL,              -- that article (its events cascade, not it)
        support    INTEGER NOT NULL DEFAULT 1, -- how many articles bridged the two
        PRIMARY KEY (event_id, other_id)
    ) WITHOUT ROWID;

    -- A store placed before the two levels: each event is a story of its own.
    INSERT INTO stories(id, title, start, "end", size, created_at, updated_at)
        SELECT id, title, start, "end", size, created_at, updated_at FROM events;
    INSERT INTO story_events(event_id, story_id) SELECT id, id FROM events;
    """,
    # 9: an outlet's templates. Paragraphs are recorded per outlet so the features stage can tell the
    # boilerplate an outlet prints under unrelated articles (analyze/signals/templates.py), and
    # title suffixes per outlet so ingest can tell a site's suffix from a headline (ingest/titles.py).
    """
    -- Owned by the features stage: one row per long paragraph of an article with an outlet.
    CREATE TABLE outlet_paragraphs (
        outlet     TEXT NOT NULL,              -- folded outlet name, else the URL's site
        hash       INTEGER NOT NULL,           -- of the paragraph's normalized text
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (outlet, hash, article_id)
    ) WITHOUT ROWID;
    CREATE INDEX outlet_paragraphs_article ON outlet_paragraphs(article_id);

    -- Owned by ingest: every trailing segment run of a title, with the headline before it, per
    -- outlet; a suffix several headlines of one outlet end with is the site's, not the headline's.
    CREATE TABLE title_suffixes (
        outlet TEXT NOT NULL,
        suffix TEXT NOT NULL,                  -- folded words of the trailing segments
        head   TEXT NOT NULL,                  -- folded words of the title before them
        PRIMARY KEY (outlet, suffix, head)
    ) WITHOUT ROWID;
    """,
    # 10: the cross-source picture (issue 13): a story's dated timeline and its claims, each entry with
    # the sentences (article + offsets) that tell it; rebuilt per story when its articles change.
    """
    -- The whole store's timeline: a happening told by articles of several stories (the background
    -- every report repeats) is one entry; `story_id` is the story most of its sources belong to.
    CREATE TABLE timeline_entries (
        id          TEXT PRIMARY KEY,
        story_id    INTEGER,
        year        INTEGER NOT NULL,          -- the unit it is rebuilt in
        date        TEXT,                      -- ISO, truncated to its precision; NULL for a range
        start       TEXT NOT NULL,             -- first day covered (the day itself for a day)
        "end"       TEXT NOT NULL,             -- last day covered
        precision   TEXT NOT NULL CHECK (precision IN ('day', 'month', 'year', 'range')),
        text        TEXT NOT NULL,
        entities    TEXT NOT NULL,             -- JSON list of canonical entity ids
        independent INTEGER NOT NULL,          -- independent sources: copy groups and outlets counted once
        sources     TEXT NOT NULL              -- JSON list of {article, start, end}
    );
    CREATE INDEX timeline_entries_year ON timeline_entries(year);
    CREATE INDEX timeline_entries_start ON timeline_entries(start);
    CREATE TABLE timeline_entry_stories (
        entry_id TEXT NOT NULL REFERENCES timeline_entries(id) ON DELETE CASCADE,
        story_id INTEGER NOT NULL,
        PRIMARY KEY (story_id, entry_id)
    ) WITHOUT ROWID;
    -- What the timeline was last built from, per article: a changed article rebuilds its years.
    CREATE TABLE timeline_articles (
        article_id TEXT PRIMARY KEY,
        state      TEXT NOT NULL,
        years      TEXT NOT NULL               -- JSON list of the years its sentences tell of
    ) WITHOUT ROWID;

    CREATE TABLE claims (
        id            TEXT PRIMARY KEY,
        story_id      INTEGER NOT NULL,
        kind          TEXT NOT NULL,           -- quantity | duration | time | leader | statement
        text          TEXT NOT NULL,
        subject       TEXT NOT NULL,
        value         TEXT NOT NULL,           -- JSON {value, unit?, approx?}
        status        TEXT NOT NULL CHECK (status IN ('corroborated', 'single-source', 'contested')),
        independent   INTEGER NOT NULL,
        sources       TEXT NOT NULL,           -- JSON list of {article, start, end}
        conflicts     TEXT NOT NULL DEFAULT '[]',  -- JSON list of {value, sources}
        attributed_to TEXT,                    -- who it rests on when only they say it (unnamed or interested)
        outlets       TEXT NOT NULL DEFAULT '[]'   -- JSON list of the outlets that give it
    );
    CREATE INDEX claims_story ON claims(story_id);

    -- What the claims were built from (every article's state: corpus/stages/claims.py).
    CREATE TABLE claim_digests (
        story_id INTEGER PRIMARY KEY,
        digest   TEXT NOT NULL
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
