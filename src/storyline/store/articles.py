"""The ingest stage's tables: raw inputs, articles, paragraphs, sightings, rejects, full text, title suffixes.

An article's body and paragraph offsets are written once and never changed: every
later record points into the body by character offsets.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from storyline.model import Article, Outlet, Paragraph, PublishedDate, Rejection


@dataclass(frozen=True)
class BatchResult:
    added: int
    duplicates: int
    rejected: int


@dataclass(frozen=True)
class RejectRow:
    source: str
    reason: str
    reader: str | None
    first_seen: str
    last_seen: str
    times: int
    raw_kept: bool


MIN_PREFIX = 4  # shorter id prefixes name too many articles in any real store to be meant as ids


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ArticleTables:
    """Reads and writes articles and what ingest keeps with them. The caller owns the
    transaction of a write (`Store.transaction`)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    # -- writing --------------------------------------------------------------

    def write_batch(self, articles: Iterable[Article], rejections: Iterable[Rejection] = ()) -> BatchResult:
        """Store a batch (inside the caller's transaction): new articles, sightings of known ones, rejections."""
        added = duplicates = rejected = 0
        now = _now()
        seq = int(self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0])
        for article in articles:
            if self._insert_article(article, now, seq + 1):
                seq += 1
                added += 1
            else:
                duplicates += 1
        for rejection in rejections:
            self._insert_rejection(rejection, now)
            rejected += 1
        return BatchResult(added, duplicates, rejected)

    def _put_raw(self, raw: bytes) -> str:
        digest = hashlib.sha256(raw).hexdigest()
        packed = zlib.compress(raw, 1)  # the one writer is the bottleneck: fast beats small
        compression, data = ("zlib", packed) if len(packed) < len(raw) else ("none", raw)
        self.db.execute(
            "INSERT OR IGNORE INTO raw_inputs(sha256, size, compression, data) VALUES (?, ?, ?, ?)",
            (digest, len(raw), compression, data),
        )
        return digest

    def _insert_article(self, a: Article, now: str, seq: int) -> bool:
        outlet = a.outlet.name if a.outlet else None
        sighting = (a.id, a.source, a.url, outlet, a.title, now)
        if self.db.execute("SELECT 1 FROM articles WHERE id = ?", (a.id,)).fetchone():
            self.db.execute(
                "INSERT OR IGNORE INTO sightings(article_id, source, url, outlet, title, seen_at) VALUES (?,?,?,?,?,?)",
                sighting,
            )
            return False
        raw_sha = self._put_raw(a.raw) if a.raw is not None else a.raw_sha256
        pub = a.published
        self.db.execute(
            "INSERT INTO articles(id, source, reader, url, outlet, outlet_origin, title, author, "
            "published, published_precision, published_origin, language, body, raw_sha256, extra, "
            "ingested_at, seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                a.id,
                a.source,
                a.reader,
                a.url,
                outlet,
                a.outlet.origin if a.outlet else None,
                a.title,
                a.author,
                pub.value if pub else None,
                pub.precision if pub else None,
                pub.origin if pub else None,
                a.language,
                a.body,
                raw_sha,
                json.dumps(a.extra, ensure_ascii=False, sort_keys=True),
                now,
                seq,
            ),
        )
        self.db.executemany(
            'INSERT INTO paragraphs(article_id, idx, start, "end") VALUES (?, ?, ?, ?)',
            [(a.id, i, p.start, p.end) for i, p in enumerate(a.paragraphs)],
        )
        self.db.execute(
            "INSERT INTO sightings(article_id, source, url, outlet, title, seen_at) VALUES (?,?,?,?,?,?)",
            sighting,
        )
        return True

    def _insert_rejection(self, r: Rejection, now: str) -> None:
        raw_sha = self._put_raw(r.raw) if r.raw else None
        self.db.execute(
            "INSERT INTO rejects(source, reason, reader, raw_sha256, first_seen, last_seen) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(source, reason) DO UPDATE SET "
            "last_seen = excluded.last_seen, times = times + 1, "
            "raw_sha256 = COALESCE(excluded.raw_sha256, raw_sha256)",
            (r.source, r.reason, r.reader, raw_sha, now, now),
        )

    def add_title_suffixes(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Record (outlet, suffix, head) for titles (ingest/titles.py): a headline seen again adds nothing."""
        self.db.executemany("INSERT OR IGNORE INTO title_suffixes(outlet, suffix, head) VALUES (?,?,?)", rows)

    def title_suffix_heads(self, outlet: str, suffix: str, limit: int) -> int:
        """How many distinct headlines of the outlet end with the suffix, counted up to `limit`."""
        row = self.db.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM title_suffixes WHERE outlet = ? AND suffix = ? LIMIT ?)",
            (outlet, suffix, limit),
        ).fetchone()
        return int(row[0])

    # -- reading --------------------------------------------------------------

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def ids(self) -> list[str]:
        """Every article id, in arrival order."""
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY seq")]

    def iter_articles(self, *, limit: int | None = None, offset: int = 0) -> Iterator[Article]:
        """Articles in arrival order, streamed: exporting a large store stays flat in memory."""
        sql = "SELECT * FROM articles ORDER BY seq LIMIT ? OFFSET ?"
        # A cursor of its own, so that the per-article paragraph queries do not reset it.
        for row in self.db.cursor().execute(sql, (-1 if limit is None else limit, offset)):
            yield self._article(row)

    def get(self, ident: str) -> Article | None:
        """An article by its id or an unambiguous id prefix (as `git` takes commits).

        Both lookups are primary-key searches: `LIKE` (or an `OR` of the two) made SQLite scan
        every row, and the analysis stage reads each new article, so one ingest was quadratic
        in the store size (50,000 stored articles: 21 minutes of analysis instead of 1).
        """
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (ident,)).fetchone()
        if row is not None:
            return self._article(row)
        if len(ident) < MIN_PREFIX:
            return None
        rows = self.db.execute(
            "SELECT * FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
            (ident, ident + "\U0010ffff"),
        ).fetchall()
        return self._article(rows[0]) if len(rows) == 1 else None

    def ids_with_prefix(self, prefix: str, limit: int = 10) -> tuple[list[str], int]:
        """Up to `limit` ids that start with `prefix` (in id order), and how many do in all:
        what a lookup by an ambiguous or short prefix shows the user. A primary-key range."""
        bounds = (prefix, prefix + "\U0010ffff")
        where = "FROM articles WHERE id >= ? AND id < ?"
        ids = [r[0] for r in self.db.execute(f"SELECT id {where} ORDER BY id LIMIT ?", (*bounds, limit))]
        total = int(self.db.execute(f"SELECT COUNT(*) {where}", bounds).fetchone()[0])
        return ids, total

    def body(self, article_id: str) -> str:
        return str(self.db.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()[0])

    def raw(self, sha256: str) -> bytes | None:
        row = self.db.execute("SELECT compression, data FROM raw_inputs WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            return None
        data = bytes(row["data"])
        return zlib.decompress(data) if row["compression"] == "zlib" else data

    def sightings(self, article_id: str) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT source, url, outlet, title, seen_at FROM sightings WHERE article_id = ? ORDER BY seen_at, source",
            (article_id,),
        )
        return [dict(r) for r in rows]

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[tuple[Article, str]]:
        """Full-text search ranked by BM25, with a snippet per hit.

        The query is FTS5 syntax ("exact phrase", OR, NOT, prefix*, title:word). One that
        is not (a bare operator: `OR`, `war AND`; a stray quote, a hyphenated name, an
        unknown column) is searched as its plain words instead, operators included as
        words, rather than refused: any string a user types gives hits or none."""
        query = _storable(query)
        try:
            return self._match(query, limit, offset)
        except sqlite3.OperationalError:
            pass
        try:  # the words quoted, the operators between them kept: `Zelensky-Putin OR talks`
            return self._match(_plain_words(query, keep_operators=True), limit, offset)
        except sqlite3.OperationalError:  # an operator with nothing on one side: `OR`, `war AND`
            return self._match(_plain_words(query), limit, offset)

    def _match(self, match: str, limit: int, offset: int) -> list[tuple[Article, str]]:
        if not match.strip():
            return []
        sql = (
            "SELECT a.*, snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snip "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ? OFFSET ?"
        )
        rows = self.db.execute(sql, (match, limit, offset)).fetchall()
        return [(self._article(r), r["snip"]) for r in rows]

    def rejects(self) -> list[RejectRow]:
        rows = self.db.execute("SELECT * FROM rejects ORDER BY last_seen DESC, source")
        return [
            RejectRow(
                r["source"],
                r["reason"],
                r["reader"],
                r["first_seen"],
                r["last_seen"],
                r["times"],
                r["raw_sha256"] is not None,
            )
            for r in rows
        ]

    def _article(self, row: sqlite3.Row) -> Article:
        spans = self.db.execute(
            'SELECT start, "end" FROM paragraphs WHERE article_id = ? ORDER BY idx', (row["id"],)
        ).fetchall()
        published = (
            PublishedDate(row["published"], row["published_precision"], row["published_origin"])
            if row["published"]
            else None
        )
        outlet = Outlet(row["outlet"], row["outlet_origin"]) if row["outlet"] else None
        return Article(
            id=row["id"],
            source=row["source"],
            reader=row["reader"],
            body=row["body"],
            paragraphs=tuple(Paragraph(s, e) for s, e in spans),
            raw=None,
            url=row["url"],
            title=row["title"],
            author=row["author"],
            outlet=outlet,
            published=published,
            language=row["language"],
            extra=json.loads(row["extra"]),
            raw_sha256=row["raw_sha256"],
            ingested_at=row["ingested_at"],
        )


_OPERATORS = frozenset({"AND", "OR", "NOT"})


def _storable(query: str) -> str:
    """The query as text SQLite can take: a NUL ends an FTS5 query early (a quote opened
    before it is then never closed), and a lone surrogate, which is how Python passes the
    bytes of a command-line argument that is not UTF-8, cannot be encoded at all."""
    return "".join(" " if ch == "\x00" else "\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in query)


def _plain_words(query: str, *, keep_operators: bool = False) -> str:
    """The query as FTS5 strings, one per whitespace-separated word: a quoted string is
    always valid FTS5 whatever it holds (a doubled quote stands for a quote), and the
    tokenizer then splits it as it split the text. With `keep_operators`, AND, OR and NOT
    stay operators, which can still be invalid (nothing on one side of them)."""
    return " ".join(
        word if keep_operators and word in _OPERATORS else '"' + word.replace('"', '""') + '"' for word in query.split()
    )
