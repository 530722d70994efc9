"""A story's brief, assembled from the store: its sentences (report/brief.py), then its key actors
with their roles, its corroborated and contested claims, and the quotes that matter."""

from __future__ import annotations

from storyline.report.brief import WORDS, Brief, BriefActor, BriefQuote, choose
from storyline.service import reading, stories
from storyline.service.timeline import Sources, claims, timeline
from storyline.store.sqlite import Store
from storyline.text import fold, words

QUOTES = 3
ACTORS, PLACES = 5, 2  # key actors: the people and bodies most named, then the places
CLAIMS = 5
ROLES = 2


def brief(store: Store, story_id: int, *, words_limit: int = WORDS) -> Brief | None:
    found = stories.stories(store, story_id)
    if not found:
        return None
    view = found[0]
    entries = timeline(store, story=story_id)
    story_claims = claims(store, story=story_id)
    own = [c for c in story_claims if c.story == story_id]  # told here first: its wording is this story's
    sentences = choose(entries, own, view.start, words_limit, frozenset(view.articles))
    named = [e for e in store.entities.group_mentions("stories", story_id)]
    actors = []
    members = set(view.articles)
    people = [e for e in named if e.type in ("PERSON", "ORG")]
    places = [e for e in named if e.type in ("GPE", "LOC", "FAC")]
    for e in stories.key_entities(people, ACTORS) + stories.key_entities(places, PLACES):
        shown: list[str] = []
        for r in reading.roles(store, e.entity_id):
            if r.article in members and r.role.casefold() not in {s.casefold() for s in shown}:
                shown.append(r.role)
        actors.append(BriefActor(e.entity_id, e.name, shown[:ROLES]))
    keyed = [c for c in story_claims if c.kind != "statement"]
    corroborated = [c for c in keyed if c.status == "corroborated"][:CLAIMS]
    contested = [c for c in story_claims if c.status == "contested"][:CLAIMS]
    central = {a.id for a in actors}
    return Brief(
        story_id,
        view.title,
        view.start,
        view.end,
        len(view.articles),
        view.independent_sources,
        sentences,
        actors,
        corroborated,
        contested,
        _quotes(store, members, central),
    )


def _quotes(store: Store, members: set[str], central: set[int]) -> list[BriefQuote]:
    """Direct quotes of the story, one per wording: the most reported first, the central actors' first."""
    sources = Sources(store)
    groups: dict[tuple[str, ...], list[tuple[str, str, int | None, int, int]]] = {}
    for article, text, kind, speaker, entity, start, end, _cue, name in store.reading.ascribed("quotes", None):
        if article not in members or kind != "direct" or len(text.split()) < 6:
            continue
        key = tuple(words(fold(text)))[:8]
        groups.setdefault(key, []).append((article, name or speaker or "", entity, start, end))
    ranked = []
    for told in groups.values():
        views = sources.views({"article": a, "start": s, "end": e} for a, _, _, s, e in told)
        outlets = {(v.outlet or "").casefold() or v.article for v in views}
        speaker = next((who for _, who, _, _, _ in told if who), "")
        is_central = any(entity in central for _, _, entity, _, _ in told)
        first = told[0]
        text = store.articles.body(first[0])[first[3] : first[4]]
        ranked.append((len(outlets), is_central, BriefQuote(speaker, text, views, len(outlets))))
    ranked.sort(key=lambda r: (-r[0], not r[1], r[2].text))
    return [q for *_, q in ranked[:QUOTES] if q.speaker]
