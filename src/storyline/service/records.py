"""What the service returns: typed, read-only records, each with the dict the export writes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Generic, TypeVar, cast

from storyline.model import Article

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list read; `next` is the cursor of the page after it (None at the end).
    A cursor is opaque to the caller: pass it back as it was given."""

    items: list[T]
    next: str | None = None


def paginate(fetch: Callable[[int, int], Iterator[T]], limit: int | None, cursor: str | None) -> Page[T]:
    """A page from `fetch(limit, offset)`: one more item than asked is read to know whether
    another page follows. A cursor that is not one this gave starts from the beginning."""
    offset = int(cursor) if cursor and cursor.isdigit() else 0
    if limit is None:
        return Page(list(fetch(-1, offset)))
    items = list(fetch(limit + 1, offset))
    more = len(items) > limit
    return Page(items[:limit], str(offset + limit) if more else None)


@dataclass(frozen=True)
class ArticleLookup:
    """What an id or id prefix names: the article, or why none (`missing`, `ambiguous`: more
    than one id starts with it, `short`: a prefix under MIN_PREFIX characters), with the
    articles whose ids start with it (at most ten; `matches` counts them all) for a face to list."""

    article: Article | None
    reason: str | None = None
    candidates: list[Article] = field(default_factory=list)
    matches: int = 0


class _Fields:
    """A record whose export dict is its fields, in their order (nested records as dicts)."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(cast(Any, self))


@dataclass(frozen=True)
class ArticleView:
    """An article with what every stage says of it (the export's article record)."""

    article: Article
    sightings: list[dict[str, Any]] | None = None  # None: the bare record (`articles --json`)
    date_anchor: dict[str, Any] | None = None
    story: int | None = None
    event: int | None = None
    copy_of: dict[str, Any] | None = None
    machine_paraphrased: dict[str, Any] | None = None

    def as_dict(self, *, text: bool = True) -> dict[str, Any]:
        a, pub = self.article, self.article.published
        record: dict[str, Any] = {
            "id": a.id,
            "source": a.source,
            "url": a.url,
            "outlet": a.outlet.name if a.outlet else None,
            "outlet_origin": a.outlet.origin if a.outlet else None,
            "title": a.title,
            "author": a.author,
            "published": pub.value if pub else None,
            "published_precision": pub.precision if pub else None,
            "published_origin": pub.origin if pub else None,
            "language": a.language,
            "reader": a.reader,
            "ingested_at": a.ingested_at,
        }
        if text:
            record["text"] = a.body
            record["paragraphs"] = [[p.start, p.end] for p in a.paragraphs]
        if self.sightings is not None:
            record["sightings"] = self.sightings
            record |= self.corpus_fields()
        return record

    def corpus_fields(self) -> dict[str, Any]:
        return {
            "date_anchor": self.date_anchor,
            "event": self.event,
            "story": self.story,
            "copy_of": self.copy_of,
            "machine_paraphrased": self.machine_paraphrased,
        }


@dataclass(frozen=True)
class SearchHit:
    article: Article
    snippet: str

    def as_dict(self) -> dict[str, Any]:
        a = self.article
        return {
            "id": a.id,
            "title": a.title,
            "outlet": a.outlet.name if a.outlet else None,
            "published": a.published.value if a.published else None,
            "snippet": self.snippet,
        }


@dataclass(frozen=True)
class GroupView:
    """What an event and a story are shown by: title, span, articles, key entities."""

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


@dataclass(frozen=True)
class EventView(GroupView):
    """One happening (the fine level, as ECB+ marks events), with the story it belongs to."""

    story: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return super().as_dict() | {"story": self.story}


@dataclass(frozen=True)
class StoryView(GroupView):
    """A developing story: its events in time order, and the stories related to it."""

    events: list[int] = field(default_factory=list)
    related: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return super().as_dict() | {"events": self.events, "related": self.related}


@dataclass(frozen=True)
class StoryDetail:
    """A story with its events and its articles, each with its corpus fields."""

    story: StoryView
    articles: list[ArticleView] = field(default_factory=list)
    events: list[EventView] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        members = [a.as_dict(text=True) | a.corpus_fields() for a in self.articles]
        return self.story.as_dict() | {"articles": members, "events": [e.as_dict() for e in self.events]}


@dataclass(frozen=True)
class RoleView:
    role: str
    article: str
    date: str | None


@dataclass(frozen=True)
class EntityView(_Fields):
    id: int
    name: str
    type: str
    aliases: list[str]  # most printed first
    roles: list[RoleView]
    mentions: int
    articles: list[str]


@dataclass(frozen=True)
class QuoteView(_Fields):
    article: str
    text: str
    kind: str
    speaker: str | None
    speaker_entity: int | None
    speaker_name: str | None
    start: int
    end: int
    cue: str | None


@dataclass(frozen=True)
class AttitudeView(_Fields):
    article: str
    text: str
    kind: str
    holder: str
    holder_entity: int | None
    holder_name: str | None
    start: int
    end: int
    cue: str | None


@dataclass(frozen=True)
class DateView(_Fields):
    article: str
    text: str
    start: int
    end: int
    value: str
    precision: str
    kind: str
