"""Titles without the site's suffix: only trailing segments a rule recognises, never a part of the headline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.ingest import titles
from storyline.ingest.pipeline import ingest
from storyline.model import Outlet
from storyline.store.sqlite import Store
from tests.helpers import read_text


@pytest.mark.parametrize(
    ("title", "outlet", "url", "headline"),
    [
        ("Dam bursts after storm | World | example.com", None, "https://www.example.com/a", "Dam bursts after storm"),
        ("Dam bursts - Politics - The Daily Example", None, "https://example.com/a", "Dam bursts"),
        (
            "Dam bursts - Politics - The Daily Example",
            Outlet("The Daily Example", "metadata: site"),
            None,
            "Dam bursts",
        ),
        ("Talks collapse – Sky News", None, "https://news.sky.com/story/1", "Talks collapse"),
        ("Talks collapse :: BBC News", Outlet("BBC", "url"), "https://www.bbc.co.uk/news/1", "Talks collapse"),
        ("Talks collapse — Reuters", Outlet("Reuters", "metadata: record"), None, "Talks collapse"),
        ("Rates rise again | Business", None, None, "Rates rise again"),
        ("Rates rise again - U.S.", None, None, "Rates rise again"),
    ],
)
def test_site_names_and_sections_are_removed_from_the_end(
    title: str, outlet: Outlet | None, url: str | None, headline: str
) -> None:
    clean, removed = titles.clean(title, outlet, url)
    assert clean == headline
    assert clean + removed == title  # what was removed is kept, as printed


@pytest.mark.parametrize(
    ("title", "url"),
    [
        ("Biden - Putin summit ends", "https://example.com/a"),  # the segment after the dash is headline
        ("Putin-Biden summit ends in Geneva", None),  # no spaced separator: one segment
        ("The election - what next for Labour", "https://labour.org.uk/a"),  # holds the site's name, but more
        ("Brexit - Politics", None),  # a section would leave too little to be sure it is one
        ("Storm hits Florida - News conference at noon", None),  # a section word inside a headline segment
    ],
)
def test_a_headline_with_dashes_stays_whole(title: str, url: str | None) -> None:
    assert titles.clean(title, None, url) == (title, "")


def test_removal_stops_at_the_first_segment_that_is_headline() -> None:
    clean, removed = titles.clean("Biden - Putin summit ends | World | example.com", None, "https://example.com/a")
    assert clean == "Biden - Putin summit ends"
    assert removed == " | World | example.com"


def test_finalize_stores_the_clean_title_and_keeps_what_it_removed() -> None:
    article = read_text("Dam bursts | World | News\n\nThe dam burst after a week of rain, officials said on Monday.")
    assert article.title == "Dam bursts"
    assert article.extra[titles.SUFFIX_KEY] == " | World | News"


def _ingest(tmp_path: Path, store: Store, name: str, records: list[dict[str, str]]) -> None:
    path = tmp_path / f"{name}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    ingest([str(path)], store, jobs=1)


def _record(n: int, title: str, site: str = "dailyexample.net") -> dict[str, str]:
    return {
        "title": title,
        "text": f"Article number {n} says something of its own about the day.",
        "url": f"https://{site}/{n}",
    }


def _titles(store: Store) -> dict[str, str]:
    return {r[0]: r[1] for r in store.db.execute("SELECT url, title FROM articles")}


def test_a_suffix_several_headlines_of_one_outlet_end_with_is_removed(tmp_path: Path) -> None:
    heads = ["Dam bursts after storm", "Council approves ferry line", "Harbour reopens to ships"]
    with Store(tmp_path / "s.db") as store:
        _ingest(tmp_path, store, "a", [_record(n, f"{h} - Morning Digest") for n, h in enumerate(heads)])
        assert set(_titles(store).values()) == set(heads)  # a batch is judged with all of its titles
        _ingest(tmp_path, store, "b", [_record(9, "Bridge closes for repairs - Morning Digest")])
        assert _titles(store)["https://dailyexample.net/9"] == "Bridge closes for repairs"  # and later ones


def test_a_suffix_repeated_by_one_headline_or_by_other_outlets_stays(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        versions = [_record(n, "Biden - Putin summit ends") for n in range(3)]  # one headline, three bodies
        others = [_record(5 + n, f"Storm {n} hits the coast - Morning Digest", f"site{n}.example") for n in range(3)]
        _ingest(tmp_path, store, "a", versions + others)
        assert set(_titles(store).values()) == {"Biden - Putin summit ends"} | {
            f"Storm {n} hits the coast - Morning Digest" for n in range(3)
        }
