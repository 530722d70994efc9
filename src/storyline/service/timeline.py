"""Reads over the cross-source picture: the timeline and the claims, each item with its sources.

A source is shown as `{article, outlet, start, end}` (and the article's date and URL for
citations): `start`/`end` are the offsets, in the article's text, of the sentence the item
was taken from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from storyline.ingest.outlets import known
from storyline.service import reading
from storyline.store.sqlite import Store


@dataclass(frozen=True)
class SourceView:
    article: str
    outlet: str | None
    start: int
    end: int
    date: str | None = None  # the article's day, printed or inferred
    url: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"article": self.article, "outlet": self.outlet, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class TimelineEntryView:
    id: str
    story: int | None
    date: str | None
    start: str
    end: str
    precision: str
    text: str
    entities: list[int]
    sources: list[SourceView]
    independent_sources: int
    stories: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        when: dict[str, Any] = (
            {"date": self.date} if self.date else {"date": None, "start": self.start, "end": self.end}
        )
        return {
            "id": self.id,
            "story": self.story,
            **when,
            "precision": self.precision,
            "text": self.text,
            "entities": self.entities,
            "sources": [s.as_dict() for s in self.sources],
            "independent_sources": self.independent_sources,
            "stories": self.stories,
        }


@dataclass(frozen=True)
class ClaimView:
    id: str
    story: int | None
    text: str
    kind: str
    subject: str
    value: dict[str, Any]
    status: str
    sources: list[SourceView]
    independent_sources: int
    conflicts: list[dict[str, Any]]
    attributed_to: str | None
    outlets: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "story": self.story,
            "text": self.text,
            "kind": self.kind,
            "subject": self.subject,
            "value": self.value,
            "status": self.status,
            "sources": [s.as_dict() for s in self.sources],
            "independent_sources": self.independent_sources,
            "conflicts": self.conflicts,
            "attributed_to": self.attributed_to,
            "outlets": self.outlets,
        }


class Sources:
    """Article facts for citations, read once per article."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._of = lru_cache(maxsize=4096)(self._read)

    def _read(self, article_id: str) -> tuple[str | None, str | None, str | None]:
        return self.store.accounts.citation(article_id)

    def view(self, ref: dict[str, Any]) -> SourceView:
        outlet, day, url = self._of(str(ref["article"]))
        return SourceView(str(ref["article"]), outlet, int(ref["start"]), int(ref["end"]), day, url)

    def views(self, refs: Iterable[dict[str, Any]]) -> list[SourceView]:
        return [self.view(r) for r in refs]


def timeline(
    store: Store,
    *,
    story: int | None = None,
    start: str | None = None,
    end: str | None = None,
    entity: str | None = None,
    min_sources: int = 1,
) -> list[TimelineEntryView]:
    """Dated entries, earliest first: of one story (entries any of whose sources is in it) or the whole
    store, overlapping [start, end] (ISO days), naming `entity` (any spelling) if given."""
    entity_ids = None
    if entity is not None:
        entity_ids = [e.id for e in reading.find_entities(store, entity)]
    sources = Sources(store)
    return [
        TimelineEntryView(
            e.id,
            e.story,
            e.date,
            e.start,
            e.end,
            e.precision,
            e.text,
            e.entities,
            sources.views(e.sources),
            e.independent,
            e.stories,
        )
        for e in store.timeline.entries(story=story, start=start, end=end, entity=entity_ids, min_sources=min_sources)
    ]


def claims(store: Store, *, story: int | None = None, status: str | None = None) -> list[ClaimView]:
    """Claims, contested first, then by independent sources: of one story (claims any of whose sources
    is one of its articles) or all."""
    articles = store.accounts.story_articles(story) if story is not None else None
    sources = Sources(store)
    out = []
    for c in store.claims.claims(status=status, articles=articles):
        conflicts = [x | {"sources": [s.as_dict() for s in sources.views(x["sources"])]} for x in c.conflicts]
        kinds = [{"outlet": o, **_outlet_facts(o)} for o in c.outlets]
        out.append(
            ClaimView(
                c.id,
                c.story,
                c.text,
                c.kind,
                c.subject,
                c.value,
                c.status,
                sources.views(c.sources),
                c.independent,
                conflicts,
                c.attributed_to,
                kinds,
            )
        )
    return out


def _outlet_facts(name: str) -> dict[str, str]:
    """What the outlet table knows of an outlet: kind, country, ownership."""
    found = known(name)
    if found is None:
        return {}
    facts = {"kind": found.kind} | ({"country": found.country} if found.country else {})
    return facts | ({"ownership": found.ownership} if found.ownership else {})
