"""Inferred publication days through the pipeline: stored apart, dates resolved, kept across a reread."""

from __future__ import annotations

import json
from pathlib import Path

from storyline import registry
from storyline.ingest.pipeline import ingest
from storyline.service import articles, reading
from storyline.store.sqlite import Store

DATED = (
    "Armenian and Azerbaijani negotiators left Geneva on Friday without a deal. "
    "The 13 March talks in Geneva between Armenian and Azerbaijani delegations were the first in a year, "
    "and mediators said they would try again in April."
)
UNDATED = (
    "Armenian and Azerbaijani delegations arrived in Geneva on Tuesday, and the talks are due to open on "
    "Wednesday, Swiss diplomats said. The two foreign ministers spoke by phone on Monday, "
    "the Armenian foreign ministry said."
)
LONELY = "Flood waters rose in the Po valley on Tuesday and rescuers expect the river to crest on Thursday."


def _store(tmp_path: Path, records: list[dict[str, str]]) -> Store:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    store = Store(tmp_path / "s.db")
    ingest([str(source)], store, jobs=1)
    registry.update(store, jobs=1)
    return store


def _dates(store: Store, article: str) -> dict[str, str]:
    return {d.text: d.value for d in reading.dates(store, article)}


def _id(store: Store, start: str) -> str:
    row = store.db.execute("SELECT id FROM articles WHERE body LIKE ?", (start + "%",)).fetchone()
    return str(row[0])


def test_an_undated_article_is_dated_by_the_event_a_dated_one_names(tmp_path: Path) -> None:
    with _store(tmp_path, [{"text": DATED, "published": "2024-03-16"}, {"text": UNDATED}]) as store:
        article = _id(store, "Armenian and Azerbaijani delegations")
        anchor = articles.view(store, store.articles.get(article)).date_anchor
        assert anchor is not None and anchor["day"] == "2024-03-12"
        assert anchor["evidence"][0]["article"] == _id(store, "Armenian and Azerbaijani negotiators")
        assert store.articles.get(article).published is None  # the printed date stays what the text printed: none
        assert _dates(store, article) == {"Tuesday": "2024-03-12", "Wednesday": "2024-03-13", "Monday": "2024-03-11"}
        dated = store.db.execute("SELECT date FROM sentences WHERE article_id = ? ORDER BY idx", (article,))
        assert [row[0] for row in dated] == ["2024-03-12", "2024-03-11"]

        registry.update(store, jobs=1, redo=True)  # a reread forgets the anchor; the next run puts it back
        assert _dates(store, article)["Tuesday"] == "2024-03-12"


def test_without_evidence_weekdays_stay_unresolved(tmp_path: Path) -> None:
    with _store(tmp_path, [{"text": DATED, "published": "2024-03-16"}, {"text": LONELY}]) as store:
        article = _id(store, "Flood waters")
        assert articles.view(store, store.articles.get(article)).date_anchor is None
        assert set(_dates(store, article).values()) == {"XXXX-WXX-2", "XXXX-WXX-4"}


def test_a_dated_article_arriving_later_dates_an_earlier_undated_one(tmp_path: Path) -> None:
    with _store(tmp_path, [{"text": UNDATED}]) as store:
        article = _id(store, "Armenian and Azerbaijani delegations")
        assert _dates(store, article)["Tuesday"] == "XXXX-WXX-2"
    source = tmp_path / "later.jsonl"
    source.write_text(json.dumps({"text": DATED, "published": "2024-03-16"}) + "\n", encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        ingest([str(source)], store, jobs=1)
        report = registry.update(store, jobs=1)
        assert report.count("anchors", "dated") == 1
        assert _dates(store, article)["Tuesday"] == "2024-03-12"


TODAY = (
    "Today, 25 May 2025, the harbour city marks ten years since the bridge collapse. The new crossing "
    "was opened to traffic on Friday, and the council said the last repairs will be finished by the end "
    "of August. The mayor will lay a wreath on Monday."
)
TODAY_NO_YEAR = (
    "Today, 25 May, the harbour city marks ten years since the bridge collapse. The new crossing was opened "
    "to traffic on Friday, and the council said the last repairs will be finished by the end of August."
)


def test_an_undated_page_that_states_its_day_is_dated_by_its_text(tmp_path: Path) -> None:
    """Issue 11, item 13: "Today, 25 May 2025" is the publication day, with no other article to go on."""
    with _store(tmp_path, [{"text": TODAY}]) as store:
        article = _id(store, "Today, 25 May 2025")
        anchor = articles.view(store, store.articles.get(article)).date_anchor
        assert anchor is not None and anchor["day"] == "2025-05-25" and anchor["method"] == "text"
        assert anchor["evidence"][0]["here"] == "Today, 25 May 2025"
        assert store.articles.get(article).published is None
        dates = _dates(store, article)
        assert dates["Friday"] == "2025-05-23" and dates["Monday"] == "2025-05-26"
        assert dates["the end of August"] == "2025-08"


def test_a_stated_day_without_a_year_takes_the_year_of_the_metadata(tmp_path: Path) -> None:
    with _store(tmp_path, [{"text": TODAY_NO_YEAR, "published": "2025"}]) as store:
        article = _id(store, "Today, 25 May,")
        anchor = articles.view(store, store.articles.get(article)).date_anchor
        assert anchor is not None and anchor["day"] == "2025-05-25"
        assert _dates(store, article)["Friday"] == "2025-05-23"
