"""Reads over what the reading found and the canonical entities: entities, quotes,
attitudes, dates. Each is a generator over a cursor, so an export of a large store
holds one record at a time; `*_page` gives the same as pages for the faces."""

from __future__ import annotations

from collections.abc import Iterator

from storyline.corpus.namekey import name_key
from storyline.records import ATTITUDE_KINDS
from storyline.service.records import AttitudeView, DateView, EntityView, Page, QuoteView, RoleView, paginate
from storyline.store.entities import EntityRow
from storyline.store.sqlite import Store

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")


def entities(
    store: Store,
    *,
    kind: str | None = None,
    name: str | None = None,
    entity_id: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Iterator[EntityView]:
    """Canonical entities, most mentioned first; `kind` is a type (any case); `name` matches
    the name or any alias, any case."""
    rows = store.entities.rows(
        name=name, entity_id=entity_id, kind=kind.upper() if kind else None, limit=limit, offset=offset
    )
    for row in rows:
        yield _view(store, row)


def entities_page(
    store: Store, *, kind: str | None = None, limit: int | None = None, cursor: str | None = None
) -> Page[EntityView]:
    return paginate(lambda n, offset: entities(store, kind=kind, limit=n, offset=offset), limit, cursor)


def entity(store: Store, entity_id: int) -> EntityView | None:
    return next(entities(store, entity_id=entity_id), None)


def find_entities(store: Store, query: str) -> list[EntityView]:
    """Entities a user means by `query`: its name or an alias in any case, else any spelling of
    them ("Zelenskiy", "Erdogan"); a single word also finds every person of that surname
    ("Lavrov" when only "Sergey Lavrov" was printed; every Marchetti, the one printed bare first);
    an entity id as a last resort."""
    key = name_key(query)
    ids = [e.id for e in entities(store, name=query)]
    if key:
        spelled, surname = [], []
        for entity_id, aliases in store.entities.aliases_by_mentions():
            keys = {name_key(a) for a in aliases}
            if key in keys:
                spelled.append(entity_id)
            elif " " not in key and any(k.split()[-1:] == [key] for k in keys):
                surname.append(entity_id)
        ids += [i for i in spelled + surname if i not in ids]
    found = [e for i in ids for e in entities(store, entity_id=i)]
    if not found and query.isdigit():
        found = list(entities(store, entity_id=int(query)))
    return found


def roles(store: Store, entity_id: int) -> list[RoleView]:
    """Each role once per article that states it, with that article's date, earliest first."""
    seen: set[tuple[str, str]] = set()
    out: list[RoleView] = []
    for text, article, published in store.reading.roles_of(entity_id):
        key = (text.lower(), article)
        if key not in seen:
            seen.add(key)
            out.append(RoleView(text, article, published))
    return out


def _view(store: Store, row: EntityRow) -> EntityView:
    aliases = row.aliases
    return EntityView(
        id=row.id,
        name=row.name,
        type=row.type,
        aliases=sorted(aliases, key=lambda a: (-aliases[a], a)),
        roles=roles(store, row.id),
        mentions=row.mentions,
        articles=store.entities.article_ids(row.id),
    )


def quotes(store: Store, *, speaker: str | None = None, direct_only: bool = False) -> Iterator[QuoteView]:
    """Quotes in article order; `speaker` matches the speaker as printed or its entity's name
    or aliases, any case."""
    for row in store.reading.ascribed("quotes", speaker):
        if not direct_only or row[2] == "direct":
            yield QuoteView(row[0], row[1], row[2], row[3], row[4], row[8], row[5], row[6], row[7])


def attitudes(store: Store, *, holder: str | None = None, kind: str | None = None) -> Iterator[AttitudeView]:
    """Attitudes in article order; `holder` matches like `quotes`' speaker, `kind` is one of
    belief, intention, stance, topic (any case)."""
    if kind is not None and kind.lower() not in ATTITUDE_KINDS:
        raise ValueError(f"kind must be one of {', '.join(ATTITUDE_KINDS)}, not {kind!r}")
    wanted = kind.lower() if kind else None
    for row in store.reading.ascribed("attitudes", holder):
        if wanted is None or row[2] == wanted:
            yield AttitudeView(row[0], row[1], row[2], row[3], row[4], row[8], row[5], row[6], row[7])


def dates(store: Store, article: str | None = None) -> Iterator[DateView]:
    """Temporal expressions and their values, in article order; `article` is a full id."""
    for row in store.reading.dates(article):
        yield DateView(row[0], row[1], row[2], row[3], row[4], row[5], row[6])
