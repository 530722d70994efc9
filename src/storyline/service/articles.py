"""Reads over articles: list, one by id, full-text search, raw inputs, rejections."""

from __future__ import annotations

from collections.abc import Iterator

from storyline.model import Article
from storyline.service.records import ArticleLookup, ArticleView, Page, SearchHit, paginate
from storyline.store.articles import MIN_PREFIX, RejectRow
from storyline.store.sqlite import Store

__all__ = [
    "MIN_PREFIX",
    "article",
    "articles",
    "count",
    "find",
    "iter_articles",
    "raw_input",
    "rejects",
    "search",
    "view",
]


def articles(store: Store, *, limit: int | None = None, cursor: str | None = None) -> Page[Article]:
    """Stored articles in arrival order."""
    return paginate(lambda n, offset: store.articles.iter_articles(limit=n, offset=offset), limit, cursor)


def iter_articles(store: Store) -> Iterator[Article]:
    """Every article in arrival order, streamed (an export of a large store holds one at a time)."""
    return store.articles.iter_articles()


def count(store: Store) -> int:
    return store.articles.count()


def article(store: Store, ident: str) -> Article | None:
    """An article by its id or an unambiguous prefix of one."""
    return store.articles.get(ident)


def find(store: Store, ident: str, *, candidates: int = 10) -> ArticleLookup:
    """An article by its full id or an id prefix, or why there is none and which ids start
    with what was given: "no article 6" is wrong when six articles' ids begin with 6."""
    found = store.articles.get(ident)
    if found is not None:
        return ArticleLookup(found)
    ids, total = store.articles.ids_with_prefix(ident, candidates) if ident else ([], 0)
    if len(ident) >= MIN_PREFIX and total < 2:
        return ArticleLookup(None, "missing")
    listed = [a for a in map(store.articles.get, ids) if a is not None]
    return ArticleLookup(None, "short" if len(ident) < MIN_PREFIX else "ambiguous", listed, total)


def view(store: Store, article: Article, *, sightings: bool = True) -> ArticleView:
    """The article with what every stage says of it: where else it was seen, the day inferred
    for it when it prints none, its event and story, the original it copies, whether it reads as
    machine-paraphrased."""
    aid = article.id
    return ArticleView(
        article,
        sightings=store.articles.sightings(aid) if sightings else None,
        date_anchor=store.anchors.anchor_of(aid),
        story=store.stories.story_of(aid),
        event=store.stories.event_of(aid),
        copy_of=store.stories.copy_of(aid),
        machine_paraphrased=store.features.paraphrase_flag(aid),
    )


def search(store: Store, query: str, *, limit: int = 20, cursor: str | None = None) -> Page[SearchHit]:
    """Full-text search over titles and bodies, best first, with a snippet per hit."""

    def fetch(n: int, offset: int) -> Iterator[SearchHit]:
        for found, snippet in store.articles.search(query, limit=n, offset=offset):
            yield SearchHit(found, snippet)

    return paginate(fetch, limit, cursor)


def raw_input(store: Store, article: Article) -> bytes | None:
    """The bytes the article was read from, when they were kept."""
    return store.articles.raw(article.raw_sha256) if article.raw_sha256 else None


def rejects(store: Store) -> list[RejectRow]:
    return store.articles.rejects()
