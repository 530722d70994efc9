"""Reads over stories and events: the lists, one story with its events and articles; and
the batch recluster.

A story or event is shown by what a reader would call it: its title and its key entities are
worked out here, when it is read, from its articles and the canonical entities, so they
follow the entities stage (which runs after the stories stage) and a story's later
articles.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import cache

from storyline import data
from storyline.corpus.stages import stories as stories_stage
from storyline.service import articles as article_reads
from storyline.service.records import EventView, GroupView, StoryDetail, StoryView
from storyline.stage import Counts
from storyline.store import lock
from storyline.store.entities import StoryEntity
from storyline.store.sqlite import Store
from storyline.text import words

KEY_ENTITIES = 6
# people and bodies first, then places; nationalities and groups ("Republicans") are no key entity
TYPE_ORDER = {"PERSON": 0, "ORG": 0, "GPE": 1, "LOC": 1, "FAC": 1}


def stories(store: Store, story_id: int | None = None) -> list[StoryView]:
    """Developing stories in time order (undated last), each with its articles in publication
    order, its events in time order, and the stories related to it."""
    events = store.stories.story_events(story_id)
    related: dict[int, list[int]] = {}
    for one, other, _ in store.stories.related_stories(story_id):
        related.setdefault(one, []).append(other)
    return [
        StoryView(**vars(g), events=events.get(g.id, []), related=related.get(g.id, []))
        for g in _groups(store, "stories", story_id)
    ]


def events(store: Store, event_id: int | None = None, *, story_id: int | None = None) -> list[EventView]:
    """Events (the fine level) in time order (undated last), each with its story; `story_id`
    keeps those of one story."""
    ids = store.stories.story_events(story_id).get(story_id, []) if story_id is not None else None
    if ids is not None and not ids:
        return []
    story_of = {e: s for s, es in store.stories.story_events().items() for e in es}
    found = _groups(store, "events", event_id)
    return [EventView(**vars(g), story=story_of.get(g.id)) for g in found if ids is None or g.id in ids]


def _groups(store: Store, level: str, group_id: int | None) -> list[GroupView]:
    """Events or stories (`level`) as a reader sees them: title, span, articles, key entities."""
    members: dict[int, list[tuple[str, str | None]]] = {}
    inferred: dict[int, list[str]] = {}
    titles: dict[int, list[tuple[str | None, str | None]]] = {}
    for m in store.stories.members(level, group_id):
        members.setdefault(m.group_id, []).append((m.article_id, m.original_id))
        titles.setdefault(m.group_id, []).append((m.title, m.lead))
        if m.inferred_day:
            inferred.setdefault(m.group_id, []).append(m.inferred_day)
    named: dict[int, list[StoryEntity]] = {}
    for entity in store.entities.group_mentions(level, group_id):
        named.setdefault(entity.group_id, []).append(entity)
    resolved = store.entities.resolved_groups(level, group_id)
    views = []
    for gid, title, start, end, centroids in store.stories.rows(level, group_id):
        articles = members.get(gid, [])
        roots = {original or article_id for article_id, original in articles}
        # days inferred for undated members (corpus/anchors.py) widen the span the printed ones give
        days = [d for d in (start, end, *inferred.get(gid, ())) if d]
        first, last = (min(days), max(days)) if days else (None, None)
        if gid in resolved:
            shown = [e.name for e in key_entities(named.get(gid, []))]
            names = [[e.name, *e.aliases] for e in named.get(gid, []) if e.type in TYPE_ORDER]
        else:  # no reading (`ingest --no-reading`): the centroids' names are all there is
            shown = centroid_names(centroids)
            names = [[n] for c in centroids for n in json.loads(c).get("names", {})]
        best = choose_title(titles.get(gid, []), names) or title
        views.append(GroupView(gid, best, first, last, [a for a, _ in articles], len(roots), shown))
    views.sort(key=lambda v: (v.start is None, v.start or "", v.id))
    return views


def story(store: Store, story_id: int) -> StoryDetail | None:
    """One story with its events and its articles (without their sightings)."""
    found = stories(store, story_id)
    if not found:
        return None
    members = []
    for ident in found[0].articles:
        article = article_reads.article(store, ident)
        if article is not None:
            members.append(article_reads.view(store, article, sightings=False))
    return StoryDetail(found[0], members, events(store, story_id=story_id))


def key_entities(named: Iterable[StoryEntity], limit: int = KEY_ENTITIES) -> list[StoryEntity]:
    """The canonical entities the story's articles mention most, people and bodies first.

    The most mentioned are chosen first (in more of its articles, on a tie), then shown
    people and bodies before places, so a place the story is about is kept but does not
    lead. Nationalities and groups (NORP) are left out: "Republicans" names no one; so is a
    name that is part of another chosen one ("Trump" beside "Donald Trump"), but not for a
    fuller name the story mentions less ("Colorado" stays, "Colorado Attorney General" does
    not push it out unless it is chosen too)."""
    ranked = sorted((e for e in named if e.type in TYPE_ORDER), key=lambda e: (-e.mentions, -e.articles, e.name))
    chosen: list[StoryEntity] = []
    for e in ranked:
        if len(chosen) == limit:
            break
        if any(_inside(e.name, c.name) for c in chosen):
            continue
        chosen = [c for c in chosen if not _inside(c.name, e.name)] + [e]
    return sorted(chosen, key=lambda e: TYPE_ORDER[e.type])


def _inside(name: str, other: str) -> bool:
    """`name` is a shorter part of `other`, word for word ("Cheney" of "Mary Cheney", "Times"
    of "New York Times"): an entity the resolver could not pin to one of the fuller names,
    which says less than they do."""
    short, full = words(name), words(other)
    return len(short) < len(full) and _names_any(full, [short])


def centroid_names(centroids: Sequence[str]) -> list[str]:
    """The heaviest names of an event's or story's centroids (JSON), where no reading exists; a
    single word is dropped when a fuller name has it. Title-cased: the centroid keeps words
    folded, not as printed."""
    names: dict[str, float] = {}
    for centroid in centroids:
        for name, weight in json.loads(centroid).get("names", {}).items():
            names[name] = names.get(name, 0.0) + weight
    ranked = [n for n, _ in sorted(names.items(), key=lambda kv: -kv[1]) if not n.isdigit()][: KEY_ENTITIES * 3]
    full = [n for n in ranked if " " in n]
    kept = [n for n in ranked if " " in n or not any(n in f.split() for f in full)]
    return [n.title() for n in kept[:KEY_ENTITIES]]


def choose_title(members: Sequence[tuple[str | None, str | None]], names: Sequence[Sequence[str]]) -> str | None:
    """The story's title: of its articles' headlines and lead sentences, in publication order,
    the first that is not a generic page heading, names someone or something the story's
    articles name (`names`: each entity's forms), and is a headline the input gave rather
    than a lead sentence, in that order of weight.

    A page heading the reader took for a headline ("What's the story") is caught by the
    list only where it is listed; one that is not is still passed over for a title that
    names the story's people or places, as real headlines and leads do."""
    forms = [words(form) for group in names for form in group if form]
    candidates: list[tuple[tuple[bool, bool, bool, int], str]] = []
    for position, (headline, lead) in enumerate(members):
        for given, title in (
            (True, stories_stage.story_title(headline, None)),
            (False, stories_stage.short_title(lead)),
        ):
            if title:
                rank = (generic(title), not _names_any(words(title), forms), not given, position)
                candidates.append((rank, title))
    return min(candidates)[1] if candidates else None


def generic(title: str) -> bool:
    """A heading of the shipped list of page headings that are no headline."""
    return " ".join(words(title)) in _generic_headings()


@cache
def _generic_headings() -> frozenset[str]:
    return frozenset(" ".join(words(line)) for line in data.lines("stories", "generic_headings.txt"))


def _names_any(title: list[str], forms: list[list[str]]) -> bool:
    """Some name (as folded words) stands in the title, word for word."""
    for form in forms:
        n = len(form)
        if n and any(title[i : i + n] == form for i in range(len(title) - n + 1)):
            return True
    return False


def recluster(store: Store, *, wait: float | None = None) -> tuple[Counts, int]:
    """Rebuild every story and copy link in one batch pass; (what was placed, stories now).
    It rewrites every story, so it holds the store's writer lock like an ingest does."""
    from storyline.service.pipeline import note

    with lock.writer(store.path, wait=wait, on_wait=note):
        counts = stories_stage.recluster(store)
    return counts, len(stories(store))
