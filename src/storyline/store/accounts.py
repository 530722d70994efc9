"""What the cross-source stages read of a story: its articles and their sentences, dates, actors
and speech, as the earlier stages stored them. Reads only; each cross-source stage writes its
own tables (`store/timeline.py`, `store/claims.py`).
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from storyline.store.stories import members_of


@dataclass
class StoredArticle:
    """One article of a story with what the cross-source stages need of it."""

    id: str
    story: int | None
    outlet: str | None
    url: str | None
    published: str | None  # as printed, truncated to its precision
    precision: str | None
    inferred_day: str | None  # the anchors stage's day for an article that prints none
    original: str | None  # the article it copies, if any
    body: str
    sentences: list[tuple[int, int, int, str | None]] = field(default_factory=list)  # idx, start, end, date
    entities: dict[int, set[int]] = field(default_factory=dict)  # sentence idx -> canonical entity ids
    times: list[tuple[int, int, str, str, str]] = field(default_factory=list)  # start, end, text, value, kind
    speech: list[tuple[int, int, str, str | None, str | None]] = field(default_factory=list)
    # (start, end, kind, speaker or holder as printed, canonical name) of its quotes and attitudes
    _time_starts: list[int] | None = field(default=None, repr=False, compare=False)

    def times_in(self, start: int, end: int) -> list[tuple[int, int, str, str, str]]:
        """Its time expressions starting in [start, end) (`times` is in order of start)."""
        if self._time_starts is None or len(self._time_starts) != len(self.times):
            self._time_starts = [t[0] for t in self.times]
        return self.times[bisect_left(self._time_starts, start) : bisect_left(self._time_starts, end)]


class AccountTables:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def states(self) -> dict[str, str]:
        """article -> what its sentences' dates and sources rest on: how it is dated, which article it
        copies, its reading's version, whether its actors are resolved, its story."""
        rows = self.db.execute(
            "SELECT a.id, COALESCE(a.published, ''), COALESCE(d.day, ''), COALESCE(c.original_id, ''), "
            "r.version, (x.article_id IS NOT NULL), COALESCE(g.gid, '') FROM articles a "
            "JOIN readings r ON r.article_id = a.id "
            f"LEFT JOIN ({members_of('stories')}) g ON g.article_id = a.id "
            "LEFT JOIN date_anchors d ON d.article_id = a.id LEFT JOIN copies c ON c.article_id = a.id "
            "LEFT JOIN entity_resolutions x ON x.article_id = a.id"
        )
        return {r[0]: "|".join(map(str, r[1:])) for r in rows}

    def years_told(self, ids: Sequence[str]) -> dict[str, set[int]]:
        """article -> the years its dates and times fall in, and its own day's year."""
        found: dict[str, set[int]] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for aid, year in self.db.execute(
                f"SELECT article_id, CAST(substr(value, 1, 4) AS INTEGER) FROM time_expressions "
                f"WHERE article_id IN ({marks}) AND kind IN ('date', 'time') "
                "AND value GLOB '[0-9][0-9][0-9][0-9]*' GROUP BY 1, 2",
                chunk,
            ):
                found.setdefault(aid, set()).add(int(year))
            for aid, day in self.db.execute(
                f"SELECT a.id, COALESCE(CASE WHEN a.published_precision = 'day' THEN a.published END, d.day) "
                f"FROM articles a LEFT JOIN date_anchors d ON d.article_id = a.id WHERE a.id IN ({marks})",
                chunk,
            ):
                if day and day[:4].isdigit():
                    found.setdefault(aid, set()).add(int(day[:4]))
        return found

    def telling(self, year: int) -> list[str]:
        """Read articles with a date or time in `year`, or published in it, in arrival order."""
        prefix = f"{year:04d}"
        rows = self.db.execute(
            "SELECT a.id FROM articles a JOIN readings r ON r.article_id = a.id "
            "LEFT JOIN date_anchors d ON d.article_id = a.id WHERE "
            "(a.published_precision = 'day' AND substr(a.published, 1, 4) = ?) OR substr(d.day, 1, 4) = ? OR "
            "EXISTS (SELECT 1 FROM time_expressions t WHERE t.article_id = a.id AND t.kind IN ('date', 'time') "
            "AND substr(t.value, 1, 4) = ?) ORDER BY a.seq",
            (prefix, prefix, prefix),
        )
        return [r[0] for r in rows]

    def story_articles(self, story_id: int) -> list[str]:
        rows = self.db.execute(
            f"SELECT g.article_id FROM ({members_of('stories')}) g JOIN articles a ON a.id = g.article_id "
            "JOIN readings r ON r.article_id = a.id WHERE g.gid = ? ORDER BY a.seq",
            (story_id,),
        )
        return [r[0] for r in rows]

    def load(self, ids: Sequence[str]) -> Iterator[StoredArticle]:
        """These articles, one at a time, with their sentences, actors, times and speech."""
        for aid in ids:
            row = self.db.execute(
                "SELECT a.id, g.gid, a.outlet, a.url, a.published, a.published_precision, d.day, c.original_id, "
                f"a.body FROM articles a LEFT JOIN ({members_of('stories')}) g ON g.article_id = a.id "
                "LEFT JOIN date_anchors d ON d.article_id = a.id LEFT JOIN copies c ON c.article_id = a.id "
                "WHERE a.id = ?",
                (aid,),
            ).fetchone()
            if row is None:
                continue
            article = StoredArticle(*row)
            article.sentences = [
                (r[0], r[1], r[2], r[3])
                for r in self.db.execute(
                    'SELECT idx, start, "end", date FROM sentences WHERE article_id = ? ORDER BY idx', (aid,)
                )
            ]
            for sentence, entity in self.db.execute(
                "SELECT sentence, entity_id FROM mentions WHERE article_id = ? AND entity_id IS NOT NULL", (aid,)
            ):
                article.entities.setdefault(int(sentence), set()).add(int(entity))
            article.times = [
                (r[0], r[1], r[2], r[3], r[4])
                for r in self.db.execute(
                    'SELECT start, "end", text, value, kind FROM time_expressions WHERE article_id = ? ORDER BY start',
                    (aid,),
                )
            ]
            for table, who in (("quotes", "speaker"), ("attitudes", "holder")):
                article.speech += [
                    (r[0], r[1], r[2], r[3], r[4])
                    for r in self.db.execute(
                        f'SELECT q.start, q."end", q.kind, q.{who}, e.name FROM {table} q '
                        "LEFT JOIN mentions m ON m.article_id = q.article_id AND m.idx = q.mention "
                        "LEFT JOIN entities e ON e.id = m.entity_id WHERE q.article_id = ?",
                        (aid,),
                    )
                ]
            yield article

    def citation(self, article_id: str) -> tuple[str | None, str | None, str | None]:
        """(outlet, day, url) of an article, for citing it: its printed day, else the inferred one, else
        what it prints (a month, a year)."""
        row = self.db.execute(
            "SELECT a.outlet, CASE WHEN a.published_precision = 'day' THEN a.published END, d.day, a.published, a.url "
            "FROM articles a LEFT JOIN date_anchors d ON d.article_id = a.id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None, None, None
        return row[0], row[1] or row[2] or row[3], row[4]

    def entity_names(self, ids: set[int]) -> dict[int, tuple[str, str]]:
        """id -> (name, type) of these canonical entities."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT id, name, type FROM entities WHERE id IN ({marks})", sorted(ids))
        return {r[0]: (r[1], r[2]) for r in rows}


def _chunks(ids: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]
