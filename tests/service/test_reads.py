"""The service layer's reads over a store built from real ingest: filters, pages, lookups.

The articles are made here (distinct town-council reports, two of them about one person
under two spellings), so nothing depends on the sample corpus."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.service import articles, reading, stories
from storyline.service.pipeline import ingest_and_update
from storyline.service.records import Page
from storyline.store.sqlite import Store
from tests.conftest import make_story

PEOPLE = [
    "Mayor Ingrid Halvorsen said on Monday that the council would approve the harbour plan next week.",
    "Halvorsen told reporters the vote was close, and council member Piotr Zielinski said he would oppose it.",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("reads")
    records = [{"text": "\n\n".join(make_story(n, 4)), "published": f"2025-03-{n + 1:02d}"} for n in range(7)]
    records.append(
        {"text": "\n\n".join(PEOPLE + make_story(20, 2)), "published": "2025-03-10", "title": "Harbour vote"}
    )
    path = folder / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    with Store(folder / "s.db") as opened:
        result = ingest_and_update([str(path)], opened, jobs=1)
        assert result.ingest.ok and result.articles_in_store == 8
        yield opened


def _all_pages(fetch: object, limit: int) -> list[list[str]]:
    pages, cursor = [], None
    for _ in range(20):
        page: Page[object] = fetch(limit=limit, cursor=cursor)  # type: ignore[operator]
        pages.append([getattr(item, "id", None) or item.article.id for item in page.items])  # type: ignore[attr-defined]
        cursor = page.next
        if cursor is None:
            return pages
    raise AssertionError("pages never ended")


def test_article_pages_cover_every_article_once_in_arrival_order(store: Store) -> None:
    everything = [a.id for a in articles.articles(store).items]
    pages = _all_pages(lambda **kw: articles.articles(store, **kw), 3)
    assert [len(p) for p in pages] == [3, 3, 2]
    assert [i for p in pages for i in p] == everything
    assert articles.articles(store, limit=8).next is None  # exactly one page: no empty page after it


def test_a_cursor_that_was_not_given_starts_from_the_beginning(store: Store) -> None:
    first = articles.articles(store, limit=2)
    assert articles.articles(store, limit=2, cursor="not-a-cursor").items == first.items


def test_search_pages_and_operators(store: Store) -> None:
    hits = articles.search(store, "harbour", limit=1)
    assert len(hits.items) == 1 and hits.next is not None
    assert articles.search(store, "harbour", limit=1, cursor=hits.next).items[0].article.id != hits.items[0].article.id
    assert isinstance(articles.search(store, '"unbalanced harbour').items, list)  # retried as terms, not raised
    assert articles.search(store, "Halvorsen").items[0].as_dict()["title"] == "Harbour vote"


def test_an_article_view_says_what_every_stage_found(store: Store) -> None:
    (hit,) = articles.search(store, "Halvorsen").items
    view = articles.view(store, hit.article)
    assert view.story is not None and view.copy_of is None
    assert view.machine_paraphrased is not None and view.machine_paraphrased["flag"] is False
    record = view.as_dict()
    assert list(record)[:3] == ["id", "source", "url"] and record["text"] == hit.article.body
    assert "text" not in view.as_dict(text=False)


def test_entities_filter_by_type_page_and_are_found_by_any_spelling_or_id(store: Store) -> None:
    people = reading.entities_page(store, kind="person").items
    assert people and {e.type for e in people} == {"PERSON"}
    (mayor,) = [e for e in people if e.name == "Ingrid Halvorsen"]
    assert "Halvorsen" in mayor.aliases and len(mayor.articles) == 1
    assert [e.id for e in reading.find_entities(store, "ingrid halvorsen")] == [mayor.id]
    assert [e.id for e in reading.find_entities(store, str(mayor.id))] == [mayor.id]
    assert mayor.id in {e.id for e in reading.find_entities(store, "Halvorsen")}
    assert reading.find_entities(store, "Nobody Atall") == []
    assert reading.entity(store, mayor.id) == mayor
    first = reading.entities_page(store, limit=1)
    assert len(first.items) == 1 and first.next == "1"


def test_quotes_and_attitudes_filter_and_a_bad_kind_is_refused(store: Store) -> None:
    every = list(reading.quotes(store))
    direct = list(reading.quotes(store, direct_only=True))
    assert every and all(q.kind == "direct" for q in direct) and len(direct) <= len(every)
    assert all(q.speaker_name in (None, "Ingrid Halvorsen") for q in reading.quotes(store, speaker="Halvorsen"))
    with pytest.raises(ValueError, match="kind must be one of"):
        list(reading.attitudes(store, kind="feeling"))


def test_dates_of_one_article(store: Store) -> None:
    (hit,) = articles.search(store, "Halvorsen").items
    found = list(reading.dates(store, hit.article.id))
    assert found and {d.article for d in found} == {hit.article.id}
    monday = [d for d in found if d.text == "Monday"]
    assert monday and monday[0].value == "2025-03-10"


def test_stories_and_one_story_with_its_articles(store: Store) -> None:
    every = stories.stories(store)
    assert sum(len(s.articles) for s in every) == 8
    detail = stories.story(store, every[0].id)
    assert detail is not None and [a.article.id for a in detail.articles] == every[0].articles
    assert detail.as_dict()["size"] == len(every[0].articles)
    assert stories.story(store, 10_000) is None


def test_every_page_and_record_as_dict_is_json(tmp_path: Path, store: Store) -> None:
    records = [e.as_dict() for e in reading.entities(store)] + [s.as_dict() for s in stories.stories(store)]
    assert json.loads(json.dumps(records)) == records


@pytest.mark.parametrize("query", ["OR", "NOT", "AND", "harbour AND", "NOT harbour", "(", "NEAR(", '"', "\x00", ""])
def test_search_takes_any_query_string(store: Store, query: str) -> None:
    page = articles.search(store, query, limit=3)
    assert isinstance(page.items, list)
    if page.next is not None:
        articles.search(store, query, limit=3, cursor=page.next)


def test_find_names_the_article_or_says_why_not(tmp_path: Path) -> None:
    from dataclasses import replace

    from tests.helpers import read_text, write_batch

    base = read_text("Rain fell on the capital on Monday.\n", "a.txt")
    with Store(tmp_path / "s.db") as opened:
        write_batch(
            opened,
            [
                replace(base, id="abcd000000000001", source="1.txt"),
                replace(base, id="abcd000000000002", source="2.txt"),
                replace(base, id="abce000000000003", source="3.txt"),
            ],
        )
        assert articles.find(opened, "abcd000000000001").article is not None
        assert articles.find(opened, "abce").article is not None  # one id starts with it
        ambiguous = articles.find(opened, "abcd")
        assert (ambiguous.article, ambiguous.reason, ambiguous.matches) == (None, "ambiguous", 2)
        assert [a.id for a in ambiguous.candidates] == ["abcd000000000001", "abcd000000000002"]
        short = articles.find(opened, "ab")
        assert (short.reason, short.matches, len(short.candidates)) == ("short", 3, 3)
        assert articles.find(opened, "abc", candidates=1).candidates[0].id == "abcd000000000001"
        assert articles.find(opened, "ffff").reason == "missing"
        assert articles.find(opened, "ffff000000000000").reason == "missing"
        assert articles.find(opened, "").reason == "short"
