"""The JSONL reader: one article per line, `text` required; a broken line is rejected
alone as `file:LINE` and the lines around it are read."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

from storyline.ingest.parse import Result
from storyline.model import Article, Notice, Outlet, PublishedDate, Rejection
from tests.conftest import make_story

Read = Callable[..., list[Result]]

CRANES = [
    "The port authority said its two new cranes arrived on Monday.",
    "They will be working by the end of the month, a spokesperson said.",
]
FULL = {
    "text": "\n\n".join(CRANES),
    "title": "Cranes arrive",
    "url": "https://port.example/cranes",
    "published": "2025-04-02T08:00:00Z",
    "outlet": "Port News",
    "author": "Lee Chan",
    "language": "en",
    "section": "business",
    "wordcount": 23,
    "tags": ["port", "cranes"],  # not a scalar: not kept
}


def line(record: object) -> str:
    return json.dumps(record, ensure_ascii=False)


def test_all_fields(tmp_path: Path, read_inputs: Read) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(line(FULL) + "\n", encoding="utf-8")
    (article,) = read_inputs([path])
    assert isinstance(article, Article)
    assert article.source == f"{path}:1"
    assert article.reader == "jsonl"
    assert [article.paragraph_text(i) for i in range(len(article.paragraphs))] == CRANES
    assert article.title == "Cranes arrive"
    assert article.url == "https://port.example/cranes"
    assert article.published == PublishedDate("2025-04-02", "day", "jsonl")
    assert article.outlet == Outlet("Port News", "metadata: record")
    assert article.author == "Lee Chan"
    assert article.language == "en"
    assert article.extra == {"record": {"section": "business", "wordcount": 23}}
    assert article.raw == (line(FULL) + "\n").encode("utf-8")


def test_only_text_is_required_and_aliases_are_accepted(tmp_path: Path, read_inputs: Read) -> None:
    path = tmp_path / "b.jsonl"
    records = [
        {"text": " ".join(make_story(1))},
        {"body": " ".join(make_story(2)), "date": "2025-05"},
        {"content": " ".join(make_story(3)), "published": "2024"},
    ]
    path.write_text("".join(line(r) + "\n" for r in records), encoding="utf-8")
    first, second, third = read_inputs([path])
    assert isinstance(first, Article) and isinstance(second, Article) and isinstance(third, Article)
    assert (first.title, first.url, first.outlet, first.published) == (None, None, None, None)
    assert first.language == "en"  # detected when not given
    assert second.body == " ".join(make_story(2))
    assert second.published == PublishedDate("2025-05", "month", "jsonl")
    assert third.published == PublishedDate("2024", "year", "jsonl")


def test_broken_lines_are_rejected_as_file_and_line_and_the_others_read(tmp_path: Path, read_inputs: Read) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        line({"text": " ".join(make_story(1)), "title": "one"}),  # 1
        '{"text": "unterminated',  # 2: invalid JSON
        line(["a", "list"]),  # 3: not an object
        line({"title": "no text"}),  # 4: missing text
        line({"text": "   "}),  # 5: empty text
        line({"text": "x" * 5000}),  # 6: over --max-bytes
        "",  # 7: blank, skipped
        line({"text": " ".join(make_story(2)), "title": "two"}),  # 8
        line({"text": 42}),  # 9: text not a string
        line({"text": " ".join(make_story(3)), "title": "three"}),  # 10
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = read_inputs([path], max_bytes=1000)
    stored = [r for r in results if isinstance(r, Article)]
    assert [(a.source, a.title) for a in stored] == [
        (f"{path}:1", "one"),
        (f"{path}:8", "two"),
        (f"{path}:10", "three"),
    ]
    rejected = {r.source: r.reason for r in results if isinstance(r, Rejection)}
    assert set(rejected) == {f"{path}:{n}" for n in (2, 3, 4, 5, 6, 9)}
    assert rejected[f"{path}:2"].startswith("not valid JSON: ")
    assert rejected[f"{path}:3"] == "a line must be a JSON object, not list"
    assert rejected[f"{path}:4"] == rejected[f"{path}:5"] == "missing required field 'text' (a non-empty string)"
    assert rejected[f"{path}:9"] == "field 'text' must be a string, not a number"  # it is there, of the wrong type
    assert rejected[f"{path}:6"] == "line too large: over 1,000 bytes (--max-bytes)"
    raws = {r.source: r.raw for r in results if isinstance(r, Rejection)}
    assert raws[f"{path}:2"] == b'{"text": "unterminated\n'  # the line is kept to look at
    assert raws[f"{path}:6"] is None  # too large to keep


def test_oversized_last_line_without_newline(tmp_path: Path, read_inputs: Read) -> None:
    path = tmp_path / "tail.jsonl"
    path.write_text(line({"text": " ".join(make_story(4))}) + "\n" + line({"text": "y" * 3000}), encoding="utf-8")
    first, second = read_inputs([path], max_bytes=1000)
    assert isinstance(first, Article)
    assert isinstance(second, Rejection) and second.source == f"{path}:2"


def test_line_in_a_legacy_encoding_is_decoded_with_a_warning(tmp_path: Path, read_inputs: Read) -> None:
    path = tmp_path / "latin.jsonl"
    text = "Le café à côté de la gare ferme à minuit, selon le maire de Besançon, qui a annoncé la décision mardi."
    path.write_bytes(line({"text": text}).encode("latin-1") + b"\n")
    notice, article = read_inputs([path])
    assert isinstance(notice, Notice) and notice.source == f"{path}:1"
    assert notice.message == "not valid UTF-8: decoded as cp1252"
    assert isinstance(article, Article)
    assert article.body == text


def test_gzipped_jsonl(tmp_path: Path, read_inputs: Read) -> None:
    path = tmp_path / "feed.jsonl.gz"
    body = "".join(line({"text": " ".join(make_story(n)), "title": f"story {n}"}) + "\n" for n in range(5))
    body += "not json\n"
    path.write_bytes(gzip.compress(body.encode("utf-8")))
    results = read_inputs([path])
    assert [a.title for a in results if isinstance(a, Article)] == [f"story {n}" for n in range(5)]
    assert [(r.source, r.reason[:15]) for r in results if isinstance(r, Rejection)] == [
        (f"{path}:6", "not valid JSON:")
    ]


def test_gzipped_jsonl_cut_off_keeps_the_lines_before_the_damage(tmp_path: Path, read_inputs: Read) -> None:
    path = tmp_path / "cut.jsonl.gz"
    body = "".join(line({"text": " ".join(make_story(n)) + f" Number {n}."}) + "\n" for n in range(400))
    packed = gzip.compress(body.encode("utf-8"))
    path.write_bytes(packed[: len(packed) * 2 // 3])
    results = read_inputs([path])
    stored = [r for r in results if isinstance(r, Article)]
    assert 0 < len(stored) < 400
    assert [a.source for a in stored] == [f"{path}:{n}" for n in range(1, len(stored) + 1)]
    rejection = results[-1]
    assert isinstance(rejection, Rejection)
    assert rejection.source == str(path)
    assert rejection.reason.startswith("unreadable after line ")
    assert rejection.raw == path.read_bytes()


def test_corrupt_gzip_is_rejected_not_raised(tmp_path: Path, read_inputs: Read) -> None:
    path = tmp_path / "corrupt.jsonl.gz"
    packed = bytearray(gzip.compress(b'{"text": "a short article about the harbour"}\n' * 50))
    packed[20:30] = b"\xff" * 10  # damage the deflate stream just after the header
    path.write_bytes(bytes(packed))
    results = read_inputs([path])
    assert results and isinstance(results[-1], Rejection)
    assert results[-1].source == str(path)


def test_json_file_holding_an_array_of_articles(tmp_path: Path, read_inputs: Read) -> None:
    path = tmp_path / "articles.json"
    path.write_text(json.dumps([FULL, {"title": "no text"}, {"text": " ".join(make_story(2))}]), "utf-8")
    results = read_inputs([path])
    assert [r.source for r in results if isinstance(r, Article)] == [f"{path}#1", f"{path}#3"]
    assert [(r.source, r.reason) for r in results if isinstance(r, Rejection)] == [
        (f"{path}#2", "missing required field 'text' (a non-empty string)")
    ]


def test_text_that_is_not_a_string_is_reported_as_such(tmp_path: Path, read_inputs: Read) -> None:
    path = tmp_path / "types.jsonl"
    records = [{"text": 12345}, {"body": ["a", "list"]}, {"text": True}, {"title": "no text"}]
    path.write_text("\n".join(line(r) for r in records) + "\n", encoding="utf-8")
    reasons = [r.reason for r in read_inputs([path]) if isinstance(r, Rejection)]
    assert reasons == [
        "field 'text' must be a string, not a number",
        "field 'body' must be a string, not an array",
        "field 'text' must be a string, not a boolean",
        "missing required field 'text' (a non-empty string)",
    ]


def test_unusable_publication_dates_are_dropped_with_a_warning(tmp_path: Path, read_inputs: Read) -> None:
    """A relative date has nothing to anchor it (resolving it against this machine's clock
    would date the article to the day it was ingested); out-of-range and impossible dates are
    placeholders or errors. The article is kept, undated, and the user is told which value."""
    path = tmp_path / "dates.jsonl"
    values = ["yesterday", "3 days ago", "0001-01-01", "9999-12-31", "2010-02-30", "2025-06-02"]
    path.write_text(
        "\n".join(line({"text": " ".join(make_story(n)), "published": v}) for n, v in enumerate(values)) + "\n",
        encoding="utf-8",
    )
    results = read_inputs([path])
    stored = {r.source: r.published for r in results if isinstance(r, Article)}
    assert stored == {f"{path}:{n}": None for n in range(1, 6)} | {
        f"{path}:6": PublishedDate("2025-06-02", "day", "jsonl")
    }
    assert [str(r) for r in results if isinstance(r, Notice)] == [
        f"{path}:1: publication date 'yesterday' dropped: a relative date with nothing to anchor it",
        f"{path}:2: publication date '3 days ago' dropped: a relative date with nothing to anchor it",
        f"{path}:3: publication date '0001-01-01' dropped: out of range (years 1900 to 2100)",
        f"{path}:4: publication date '9999-12-31' dropped: out of range (years 1900 to 2100)",
        f"{path}:5: publication date '2010-02-30' dropped: not a calendar date",
    ]
