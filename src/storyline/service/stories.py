"""Reads over stories: the list, one story with its articles; and the batch recluster."""

from __future__ import annotations

import json

from storyline.corpus.stages import stories as stories_stage
from storyline.service import articles as article_reads
from storyline.service.records import StoryDetail, StoryView
from storyline.stage import Counts
from storyline.store.sqlite import Store

KEY_ENTITIES = 6


def stories(store: Store, story_id: int | None = None) -> list[StoryView]:
    """Stories in time order (undated last), each with its articles in publication order."""
    members: dict[int, list[tuple[str, str | None]]] = {}
    inferred: dict[int, list[str]] = {}
    for m in store.stories.members(story_id):
        members.setdefault(m.story_id, []).append((m.article_id, m.original_id))
        if m.inferred_day:
            inferred.setdefault(m.story_id, []).append(m.inferred_day)
    views = []
    for sid, title, start, end, centroid in store.stories.story_rows(story_id):
        articles = members.get(sid, [])
        roots = {original or article_id for article_id, original in articles}
        # days inferred for undated members (corpus/anchors.py) widen the span the printed ones give
        days = [d for d in (start, end, *inferred.get(sid, ())) if d]
        first, last = (min(days), max(days)) if days else (None, None)
        views.append(StoryView(sid, title, first, last, [a for a, _ in articles], len(roots), key_entities(centroid)))
    views.sort(key=lambda v: (v.start is None, v.start or "", v.id))
    return views


def story(store: Store, story_id: int) -> StoryDetail | None:
    """One story with its articles (without their sightings)."""
    found = stories(store, story_id)
    if not found:
        return None
    members = []
    for ident in found[0].articles:
        article = article_reads.article(store, ident)
        if article is not None:
            members.append(article_reads.view(store, article, sightings=False))
    return StoryDetail(found[0], members)


def key_entities(centroid_json: str) -> list[str]:
    """The story's heaviest names; a single word is dropped when a fuller name has it."""
    names = json.loads(centroid_json).get("names", {})
    ranked = [n for n, _ in sorted(names.items(), key=lambda kv: -kv[1]) if not n.isdigit()][: KEY_ENTITIES * 3]
    full = [n for n in ranked if " " in n]
    kept = [n for n in ranked if " " in n or not any(n in f.split() for f in full)]
    return [n.title() for n in kept[:KEY_ENTITIES]]


def recluster(store: Store) -> tuple[Counts, int]:
    """Rebuild every story and copy link in one batch pass; (what was placed, stories now)."""
    counts = stories_stage.recluster(store)
    return counts, len(stories(store))
