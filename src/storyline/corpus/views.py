"""Read-side views of the corpus stage's tables, shaped for the CLI, the export and the API."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

KEY_ENTITIES = 6


@dataclass(frozen=True)
class StoryView:
    id: int
    title: str | None
    start: str | None
    end: str | None
    articles: list[str]
    independent_sources: int
    key_entities: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "articles": self.articles,
            "size": len(self.articles),
            "independent_sources": self.independent_sources,
            "key_entities": self.key_entities,
        }


def stories(db: sqlite3.Connection, story_id: int | None = None) -> list[StoryView]:
    """Stories in time order (undated last), each with its articles in publication order."""
    where, params = ("WHERE s.id = ?", (story_id,)) if story_id is not None else ("", ())
    rows = db.execute(
        f'SELECT s.id, s.title, s.start, s."end", s.centroid FROM stories s {where} '
        "ORDER BY s.start IS NULL, s.start, s.id",
        params,
    ).fetchall()
    members: dict[int, list[tuple[str, str | None]]] = {}
    inferred: dict[int, list[str]] = {}
    member_rows = db.execute(
        "SELECT sa.story_id, a.id, c.original_id, d.day FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
        "LEFT JOIN copies c ON c.article_id = a.id LEFT JOIN date_anchors d ON d.article_id = a.id "
        + ("WHERE sa.story_id = ? " if story_id is not None else "")
        + "ORDER BY COALESCE(a.published, d.day) IS NULL, COALESCE(a.published, d.day), a.seq",
        params,
    )
    for sid, article_id, original, day in member_rows:
        members.setdefault(sid, []).append((article_id, original))
        if day:
            inferred.setdefault(sid, []).append(day)
    views = []
    for sid, title, start, end, centroid in rows:
        articles = members.get(sid, [])
        roots = {original or article_id for article_id, original in articles}
        # days inferred for undated members (corpus/anchors.py) widen the span the printed ones give
        days = [d for d in (start, end, *inferred.get(sid, ())) if d]
        first, last = (min(days), max(days)) if days else (None, None)
        views.append(StoryView(sid, title, first, last, [a for a, _ in articles], len(roots), key_entities(centroid)))
    views.sort(key=lambda v: (v.start is None, v.start or "", v.id))
    return views


def key_entities(centroid_json: str) -> list[str]:
    """The story's heaviest names; a single word is dropped when a fuller name has it."""
    names = json.loads(centroid_json).get("names", {})
    ranked = [n for n, _ in sorted(names.items(), key=lambda kv: -kv[1]) if not n.isdigit()][: KEY_ENTITIES * 3]
    full = [n for n in ranked if " " in n]
    kept = [n for n in ranked if " " in n or not any(n in f.split() for f in full)]
    return [n.title() for n in kept[:KEY_ENTITIES]]


def article_fields(db: sqlite3.Connection, article_id: str) -> dict[str, Any]:
    """What the corpus and analysis stages say of one article: the day inferred for it when it
    prints none, its story, the original it copies, and whether it reads as machine-paraphrased."""
    story = db.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
    copy = db.execute(
        "SELECT original_id, kind, score, evidence FROM copies WHERE article_id = ?", (article_id,)
    ).fetchone()
    flag = db.execute(
        "SELECT flag, score, evidence FROM paraphrase_flags WHERE article_id = ?", (article_id,)
    ).fetchone()
    anchor = db.execute(
        "SELECT day, method, evidence FROM date_anchors WHERE article_id = ? AND day IS NOT NULL", (article_id,)
    ).fetchone()
    return {
        "date_anchor": {"day": anchor[0], "method": anchor[1], "evidence": json.loads(anchor[2])} if anchor else None,
        "story": story[0] if story else None,
        "copy_of": {"id": copy[0], "kind": copy[1], "score": copy[2], "evidence": json.loads(copy[3])}
        if copy
        else None,
        "machine_paraphrased": {"flag": bool(flag[0]), "score": flag[1], "evidence": json.loads(flag[2])}
        if flag
        else None,
    }
