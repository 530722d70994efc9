"""The WARC reader: HTML responses become articles; other records are skipped; a damaged
archive keeps the records before the damage and is rejected with a reason."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.ingest.parse import Result
from storyline.model import Article, PublishedDate, Rejection
from tests.conftest import HARBOUR, WARC_PAGES, make_story

Read = Callable[..., list[Result]]
WriteWarc = Callable[..., Path]
URLS = [uri for uri, _ in WARC_PAGES]


def articles(results: list[Result]) -> list[Article]:
    return [r for r in results if isinstance(r, Article)]


def records(path: Path) -> list[tuple[str, int, int]]:
    """(type, offset, length) of each record, as warcio indexes them."""
    found = []
    with path.open("rb") as handle:
        iterator = ArchiveIterator(handle)
        for record in iterator:
            found.append((record.rec_type, iterator.get_record_offset(), iterator.get_record_length()))
    return found


@pytest.mark.parametrize("gzip", [False, True], ids=["plain", "gzip"])
def test_two_html_responses_become_two_articles(
    tmp_path: Path, write_warc: WriteWarc, read_inputs: Read, gzip: bool
) -> None:
    path = write_warc(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), gzip=gzip)
    assert [kind for kind, _, _ in records(path)] == [
        "warcinfo",
        "response",
        "response",
        "response",
        "response",
        "request",
    ]
    results = read_inputs([path])
    assert all(isinstance(r, Article) for r in results), results  # the image, the 404 and the request are skipped
    first, second = articles(results)
    assert [first.url, second.url] == URLS
    assert [first.source, second.source] == [f"{path}#2", f"{path}#3"]
    assert {first.reader, second.reader} == {"warc"}
    for paragraph in HARBOUR:
        assert paragraph in first.body
    assert make_story(7)[1] in second.body
    assert "Page not found" not in first.body + second.body
    assert "We use cookies" not in first.body  # the HTML reader's cleaning applies to records too
    assert first.published == PublishedDate("2025-03-14", "day", "html-meta")
    assert first.extra["capture_date"]


def test_capture_date_only_when_the_page_has_no_date(tmp_path: Path, read_inputs: Read) -> None:
    page = f"<html><head><title>Ferry</title></head><body><article><p>{HARBOUR[0]}</p><p>{HARBOUR[1]}</p></article></body></html>"
    path = tmp_path / "undated.warc"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            "https://x.example/ferry",
            "response",
            payload=io.BytesIO(page.encode()),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": "2024-11-05T10:20:30Z"},
        )
        writer.write_record(record)
    (article,) = read_inputs([path])
    assert isinstance(article, Article)
    assert article.published == PublishedDate("2024-11-05", "day", "warc-capture-date")


def test_archive_without_html_responses_is_rejected(tmp_path: Path, write_warc: WriteWarc, read_inputs: Read) -> None:
    path = write_warc(tmp_path / "images.warc", pages=[])
    (rejection,) = read_inputs([path])
    assert isinstance(rejection, Rejection)
    assert (rejection.source, rejection.reason) == (str(path), "WARC has no HTML response records")


def test_record_over_the_size_limit_is_rejected_alone(tmp_path: Path, write_warc: WriteWarc, read_inputs: Read) -> None:
    long_story = make_story(3, paragraphs=60)
    path = write_warc(tmp_path / "mixed.warc", pages=[(URLS[0], long_story), (URLS[1], HARBOUR)], clutter=False)
    results = read_inputs([path], max_bytes=6000)
    rejection, article = results
    assert isinstance(rejection, Rejection) and isinstance(article, Article)
    assert rejection.source == f"{path}#2"
    assert rejection.reason == "record too large: over 6,000 bytes (--max-bytes)"
    assert article.url == URLS[1]


@pytest.mark.parametrize("gzip", [False, True], ids=["plain", "gzip"])
def test_garbage_after_valid_records_keeps_them_and_rejects_the_file(
    tmp_path: Path, write_warc: WriteWarc, read_inputs: Read, gzip: bool
) -> None:
    path = write_warc(tmp_path / ("bad.warc.gz" if gzip else "bad.warc"), gzip=gzip)
    with path.open("ab") as handle:
        handle.write(b"this is not a WARC record\x00\xff\xfe garbage garbage\n" * 20)
    results = read_inputs([path])
    assert [a.url for a in articles(results)] == URLS
    rejection = results[-1]
    assert isinstance(rejection, Rejection)
    assert rejection.source == str(path)
    assert rejection.reason.startswith("corrupt WARC after 2 HTML records: ")
    assert rejection.raw == path.read_bytes()  # small enough to keep for a look later


@pytest.mark.parametrize("gzip", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("where", [0.05, 0.3, 0.6, 0.97], ids=["headers", "http-headers", "payload", "end"])
def test_archive_cut_inside_a_record_keeps_the_records_before_it(
    tmp_path: Path, write_warc: WriteWarc, read_inputs: Read, gzip: bool, where: float
) -> None:
    full = write_warc(tmp_path / ("full.warc.gz" if gzip else "full.warc"), gzip=gzip)
    _, offset, length = records(full)[2]  # the second HTML response
    cut = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    cut.write_bytes(full.read_bytes()[: offset + int(length * where)])
    results = read_inputs([cut])
    assert [a.url for a in articles(results)] == URLS[:1]
    rejection = results[-1]
    assert isinstance(rejection, Rejection)
    assert rejection.source == str(cut)
    assert rejection.reason.startswith("corrupt WARC after 1 HTML records: ")


def test_gzip_member_cut_in_its_trailer_is_reported(tmp_path: Path, write_warc: WriteWarc, read_inputs: Read) -> None:
    full = write_warc(tmp_path / "full.warc.gz", gzip=True, clutter=False)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(full.read_bytes()[:-3])  # the last member loses part of its CRC and size
    results = read_inputs([cut])
    assert [a.url for a in articles(results)] == URLS
    rejection = results[-1]
    assert isinstance(rejection, Rejection)
    assert "the file ends inside a gzip member" in rejection.reason


def test_archive_whose_every_page_is_too_large_says_so_once_per_record(
    tmp_path: Path, write_warc: WriteWarc, read_inputs: Read
) -> None:
    path = write_warc(tmp_path / "big.warc", pages=[(URLS[0], make_story(3, paragraphs=60))], clutter=False)
    results = read_inputs([path], max_bytes=6000)
    assert [(r.source, r.reason) for r in results if isinstance(r, Rejection)] == [
        (f"{path}#2", "record too large: over 6,000 bytes (--max-bytes)")
    ]


_CONTROL = [chr(c) for c in (*range(0x20), 0x7F)]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            b"\x00\x1b[2J\x1b]0;owned\x07 garbage\n" * 3,
            "not a WARC file: it does not start with a WARC or ARC record header",
        ),
        (b"hello world\r\n\r\nbody\r\n", "not a WARC file: it does not start with a WARC or ARC record header"),
        # a WARC header block without a target URI: warcio fails with an AttributeError of its own
        (
            b"WARC/1.0\r\nWARC-Type: response\r\n\x1b[31mRED\x00\r\n\r\n",
            "corrupt WARC after 0 HTML records: record 1 has malformed headers",
        ),
        (b"", "empty input"),
    ],
    ids=["control-bytes", "text", "no-target-uri", "empty"],
)
def test_a_file_named_warc_that_is_no_warc_gets_a_printable_reason(
    tmp_path: Path, read_inputs: Read, content: bytes, reason: str
) -> None:
    path = tmp_path / "notwarc.warc"
    path.write_bytes(content)
    (rejection,) = read_inputs([path])
    assert isinstance(rejection, Rejection)
    assert rejection.reason == reason
    assert not any(ch in rejection.reason for ch in _CONTROL)


def test_garbage_with_control_bytes_after_valid_records_is_reported_printably(
    tmp_path: Path, write_warc: WriteWarc, read_inputs: Read
) -> None:
    path = write_warc(tmp_path / "bad.warc")
    with path.open("ab") as handle:
        handle.write(b"\x1b[2J\x00 garbage\n")
    rejection = read_inputs([path])[-1]
    assert isinstance(rejection, Rejection)
    assert rejection.reason == "corrupt WARC after 2 HTML records: record 7 does not start with a WARC record header"
