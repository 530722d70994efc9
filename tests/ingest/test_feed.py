"""The feed reader: RSS and Atom entries become articles; a broken feed is rejected or
recovered with a warning."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from storyline.ingest.parse import Result
from storyline.model import Article, Notice, Outlet, PublishedDate, Rejection

Read = Callable[..., list[Result]]


def articles(results: list[Result]) -> list[Article]:
    return [r for r in results if isinstance(r, Article)]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_rss_one_article_per_item(tmp_path: Path, rss_feed: bytes, read_inputs: Read) -> None:
    path = write(tmp_path, "valley.rss", rss_feed)
    results = read_inputs([path])
    found = articles(results)
    assert len(found) == len(results) == 3  # nothing rejected, no warning
    assert [a.source for a in found] == [f"{path}#1", f"{path}#2", f"{path}#3"]
    assert {a.reader for a in found} == {"feed"}
    assert [a.url for a in found] == [
        "https://valleygazette.example/bridge-reopens",
        "https://valleygazette.example/library-hours",
        "https://valleygazette.example/market-square",
    ]
    assert [a.title for a in found] == [
        "Bridge reopens after repairs",
        "Library extends opening hours",
        "Market square to be repaved",
    ]
    assert [a.published for a in found] == [
        PublishedDate("2025-06-03", "day", "feed"),
        PublishedDate("2025-06-04", "day", "feed"),
        PublishedDate("2025-06-05", "day", "feed"),
    ]
    assert {a.outlet for a in found} == {Outlet("Valley Gazette", "metadata: site")}
    assert found[0].author == "Ana Petrova"
    assert found[0].extra["feed_title"] == "Valley Gazette"


def test_rss_full_content_is_preferred_to_the_summary(tmp_path: Path, rss_feed: bytes, read_inputs: Read) -> None:
    bridge, library, market = articles(read_inputs([write(tmp_path, "valley.rss", rss_feed)]))
    assert bridge.body == (
        "The old stone bridge over the river reopened on Tuesday after eight months of repairs.\n\n"
        "Engineers replaced the worn supports and widened the footpath for cyclists."
    )
    assert "Short summary" not in bridge.body
    assert library.body == (
        "The town library will stay open until nine in the evening on weekdays from next month, the council said."
    )
    # an HTML summary keeps its paragraphs and loses its markup
    assert [market.paragraph_text(i) for i in range(len(market.paragraphs))] == [
        "Work on the market square starts in July and will take six weeks.",
        "Stalls will move to the car park meanwhile.",
    ]


def test_atom_entries_with_content_and_with_summary_only(tmp_path: Path, atom_feed: bytes, read_inputs: Read) -> None:
    path = write(tmp_path, "ledger.atom", atom_feed)
    results = read_inputs([path])
    assert len(results) == 2
    wind, quota = articles(results)
    assert wind.source == f"{path}#1"
    assert wind.url == "https://northernledger.example/wind-farm"
    assert wind.title == "Wind farm gets green light"
    assert wind.author == "Jon Berg"
    assert wind.published == PublishedDate("2025-05-19", "day", "feed")  # from <updated>
    assert wind.outlet == Outlet("Northern Ledger", "metadata: site")
    assert wind.body.startswith("Planners approved a twelve-turbine wind farm")
    assert "Short summary" not in wind.body
    assert len(wind.paragraphs) == 2
    assert quota.body == "Negotiations on next year's fishing quotas broke up without agreement on Sunday evening."
    assert quota.published == PublishedDate("2025-05-18", "day", "feed")
    assert quota.extra["entry_id"] == "urn:uuid:e2"


def test_broken_xml_without_entries_is_rejected_naming_the_file(tmp_path: Path, read_inputs: Read) -> None:
    data = b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Broken</title><<<< &&& </chan'
    path = write(tmp_path, "broken.xml", data)
    (rejection,) = read_inputs([path])
    assert isinstance(rejection, Rejection)
    assert rejection.source == str(path)
    assert rejection.reason.startswith("malformed feed: ")
    assert str(rejection).startswith(f"{path}: malformed feed: ")
    assert rejection.raw == data  # kept to look at later


def test_well_formed_feed_without_entries_is_rejected(tmp_path: Path, read_inputs: Read) -> None:
    data = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    (rejection,) = read_inputs([write(tmp_path, "quiet.rss", data)])
    assert isinstance(rejection, Rejection)
    assert rejection.reason == "feed has no entries"


def test_xml_error_with_recoverable_entries_gives_the_entries_and_a_warning(
    tmp_path: Path, rss_feed: bytes, read_inputs: Read
) -> None:
    data = rss_feed.replace(b"<title>Library extends", b"<title>Library & extends")  # a bare ampersand
    path = write(tmp_path, "valley.rss", data)
    results = read_inputs([path])
    notices = [r for r in results if isinstance(r, Notice)]
    assert len(notices) == 1
    assert notices[0].source == str(path)
    assert "not well-formed" in notices[0].message
    assert "entries recovered" in notices[0].message
    assert not [r for r in results if isinstance(r, Rejection)]
    found = articles(results)
    assert [a.url for a in found] == [
        "https://valleygazette.example/bridge-reopens",
        "https://valleygazette.example/library-hours",
        "https://valleygazette.example/market-square",
    ]
    assert found[1].title == "Library & extends opening hours"


def test_feed_cut_off_midway_keeps_the_complete_entries(tmp_path: Path, rss_feed: bytes, read_inputs: Read) -> None:
    cut = rss_feed.index(b"<title>Market square")
    path = write(tmp_path, "cut.rss", rss_feed[:cut])
    results = read_inputs([path])
    assert any(isinstance(r, Notice) and r.source == str(path) for r in results)
    found = articles(results)
    assert [a.title for a in found] == ["Bridge reopens after repairs", "Library extends opening hours"]
    # the cut-off third entry has no text: rejected on its own, as path#3
    rejected = [r for r in results if isinstance(r, Rejection)]
    assert [(r.source, r.reason) for r in rejected] == [(f"{path}#3", "feed entry has no content or summary")]


def test_feed_saved_under_another_name_is_still_a_feed(tmp_path: Path, atom_feed: bytes, read_inputs: Read) -> None:
    found = articles(read_inputs([write(tmp_path, "ledger.txt", atom_feed)]))
    assert [a.reader for a in found] == ["feed", "feed"]
