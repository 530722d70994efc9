"""Which reader an input gets: its content decides, its name only when the content says nothing."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pytest

from storyline.ingest.detect import extension_format, sniff
from storyline.ingest.parse import Result
from storyline.model import Article
from tests.conftest import ATOM, HARBOUR, RSS, make_story

Read = Callable[..., list[Result]]

PAGE = b"<!DOCTYPE html>\n<html><head><title>Ferry</title></head><body><p>The council met.</p></body></html>"
PLAIN = "\n\n".join(HARBOUR).encode()
JSONL = b'{"text": "one"}\n{"text": "two"}\n'
WARC = b"WARC/1.0\r\nWARC-Type: warcinfo\r\n"


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (PAGE, "page.txt", "html"),  # HTML saved as .txt
        (b"  \n<p>A fragment of a page.</p>", "note.txt", "html"),
        (b"<!-- saved by a browser -->\n<html><body>", "saved.dat", "html"),
        (RSS, "valley.xml", "feed"),
        (RSS, "valley.txt", "feed"),  # a feed saved as .txt
        (ATOM, "ledger.html", "feed"),
        (JSONL, "lines.json", "jsonl"),  # JSONL called .json
        (JSONL, "lines.txt", "jsonl"),
        (WARC, "crawl.bin", "warc"),
        (b"\xef\xbb\xbfWARC/1.0\r\n", "crawl.txt", "warc"),
        (PLAIN, "story.html", "text"),  # a .html that is plain text
        (PLAIN, "story.xml", "text"),
        (PLAIN, "story", "text"),
        (b"Prices rose 5% as 3 < 4 in the index.", "story.htm", "text"),  # a '<' that opens no tag
        (b"Some words first,\n<p>then a page.</p>", "late.html", "html"),  # tags after text: the name decides
        (PLAIN, "story.jsonl", "jsonl"),  # nothing in the content says otherwise: the name decides
    ],
)
def test_content_beats_the_name(head: bytes, name: str, expected: str) -> None:
    assert sniff(head, name) == expected


def test_utf16_page_named_html_is_html() -> None:
    assert sniff(b"\xff\xfe" + "<html><body><p>Ferry</p></body></html>".encode("utf-16-le"), "page.html") == "html"


def test_gzipped_content_is_sniffed_after_decompression() -> None:
    assert sniff(gzip.compress(RSS), "feed.gz") == "feed"
    assert sniff(gzip.compress(JSONL), "lines.gz") == "jsonl"
    # only the head of a large file is read: the cut-off gzip stream is still sniffed
    assert sniff(gzip.compress(WARC + bytes(200_000))[:200], "crawl.gz") == "warc"


def test_corrupt_gzip_falls_back_to_the_name() -> None:
    assert sniff(b"\x1f\x8b\x08\x00" + b"\xff" * 60, "lines.jsonl.gz") == "jsonl"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.txt", "text"),
        ("a.MD", "text"),
        ("a.HTM", "html"),
        ("a.xhtml", "html"),
        ("a.atom", "feed"),
        ("a.rdf", "feed"),
        ("a.warc.gz", "warc"),
        ("a.ndjson", "jsonl"),
        ("a.json.gz", "jsonl"),
        ("a.yaml", None),
        ("a.png", None),
        ("a", None),
    ],
)
def test_extension_format(name: str, expected: str | None) -> None:
    assert extension_format(name) == expected


def test_each_misnamed_file_is_read_by_the_reader_its_content_needs(tmp_path: Path, read_inputs: Read) -> None:
    page = f"<html><head><title>Ferry line approved</title></head><body><article><p>{HARBOUR[0]}</p><p>{HARBOUR[1]}</p></article></body></html>"
    files = {
        "page.txt": page.encode(),
        "feed.xml": RSS,
        "lines.json": (
            '{"text": "' + " ".join(make_story(1)) + '"}\n{"text": "' + " ".join(make_story(2)) + '"}\n'
        ).encode(),
        "plain.html": PLAIN,
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    readers = {}
    for name in files:
        found = [r for r in read_inputs([tmp_path / name]) if isinstance(r, Article)]
        assert found, name
        readers[name] = {a.reader for a in found}
    assert readers == {"page.txt": {"html"}, "feed.xml": {"feed"}, "lines.json": {"jsonl"}, "plain.html": {"text"}}
    (plain,) = [r for r in read_inputs([tmp_path / "plain.html"]) if isinstance(r, Article)]
    assert plain.body == "\n\n".join(HARBOUR)
