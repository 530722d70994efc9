"""Bad input end to end, through the real command line: every bad input is one line on
standard error and a stored rejection (with its bytes), the good inputs are stored, nothing
stored before is changed, and huge inputs are refused or streamed in flat memory."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from storyline.ingest.pipeline import ingest
from storyline.store.sqlite import Store
from tests.conftest import ATOM, RSS, make_story

Cli = Callable[..., Result]
Rows = Callable[[Path], dict[str, set[tuple[Any, ...]]]]

CP1252 = "The mayor’s office said “the ferry will run daily” — and the café owner, naïve as ever, agreed on Tuesday."


def write_good(folder: Path, news_page: Callable[..., str]) -> int:
    """Good inputs of every kind; returns how many articles they hold."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "story.txt").write_text("\n\n".join(make_story(1)) + "\n", encoding="utf-8")
    (folder / "page.html").write_text(news_page(), encoding="utf-8")
    (folder / "valley.rss").write_bytes(RSS)
    (folder / "ledger.atom").write_bytes(ATOM)
    lines = [json.dumps({"text": " ".join(make_story(n)), "title": f"line {n}"}) for n in (2, 3)]
    (folder / "lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 1 + 1 + 3 + 2 + 2


def write_bad(folder: Path, news_page: Callable[..., str], write_warc: Callable[..., Path]) -> dict[str, bytes]:
    """One bad input of each kind; returns their bytes by name."""
    folder.mkdir(parents=True, exist_ok=True)
    page = news_page(paragraphs=make_story(30))
    warc = write_warc(
        folder / "crawl.warc", pages=[("https://a.example/1", make_story(31)), ("https://a.example/2", make_story(32))]
    )
    with warc.open("ab") as handle:
        handle.write(b"\x00\x01 not a record at all \xff\xfe\n" * 10)
    files = {
        "empty.txt": b"",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "invalid-utf8.txt": b"The council met on Tuesday \x93to approve\x94 the harbour plan \x96 at last, after two years of talks.\n",
        "cp1252.txt": CP1252.encode("cp1252") + b"\n",
        "truncated.html": page[: page.index('property="og:site_name"') + 5].encode(),
        "malformed.xml": b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Broken</title><<<< &&& </chan',
        "broken.jsonl": (
            json.dumps({"text": " ".join(make_story(33))})
            + "\n"
            + '{"text": "unterminated\n'
            + json.dumps({"title": "no text"})
            + "\n"
        ).encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    files["crawl.warc"] = warc.read_bytes()
    return files


def stderr_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db)) as connection:
        return list(connection.execute(sql))


def test_bad_inputs_each_get_one_line_and_a_stored_rejection_and_the_good_ones_are_stored(
    tmp_path: Path, cli: Cli, news_page: Callable[..., str], write_warc: Callable[..., Path]
) -> None:
    folder = tmp_path / "inbox"
    good = write_good(folder, news_page)
    bad = write_bad(folder, news_page, write_warc)
    missing = tmp_path / "not-there.txt"
    db = tmp_path / "s.db"

    result = cli("ingest", folder, missing, "--db", db)

    assert result.exit_code == 1

    def p(name: str) -> str:
        return str(folder / name)

    expected = {
        f"error: {p('empty.txt')}: empty input",
        f"error: {p('binary.txt')}: binary content (NUL bytes), not text",
        f"warning: {p('invalid-utf8.txt')}: not valid UTF-8: decoded as cp1252",
        f"warning: {p('cp1252.txt')}: not valid UTF-8: decoded as cp1252",
        f"error: {p('truncated.html')}: no article text found in the HTML (truncated, or not an article page)",
        f"error: {p('broken.jsonl')}:2: not valid JSON: Invalid control character at column 23",
        f"error: {p('broken.jsonl')}:3: missing required field 'text' (a non-empty string)",
        f"error: {missing}: no such file or directory",
    }
    # reasons that quote a parser's message: the start is ours
    expected_starts = [
        f"error: {p('crawl.warc')}: corrupt WARC after 2 HTML records: record 7 does not start with a WARC record header",
        f"error: {p('malformed.xml')}: malformed feed: ",
    ]
    lines = stderr_lines(result)
    assert len(lines) == len(expected) + len(expected_starts), lines
    assert expected <= set(lines)
    others = sorted(set(lines) - expected)
    assert [line.startswith(start) for line, start in zip(others, expected_starts, strict=True)] == [True, True], others
    for name in ("story.txt", "page.html", "valley.rss", "ledger.atom", "lines.jsonl"):
        assert p(name) not in result.stderr

    articles = dict(query(db, "SELECT source, reader FROM articles"))
    # the good files, the two decodable legacy-encoding files, the WARC's records and the good JSONL line
    assert len(articles) == good + 2 + 2 + 1
    assert {
        p("invalid-utf8.txt"),
        p("cp1252.txt"),
        p("crawl.warc") + "#2",
        p("crawl.warc") + "#3",
        p("broken.jsonl") + ":1",
    } <= set(articles)
    assert "read 14 articles (14 new, 0 already stored), 8 rejected" in result.stdout
    stored_cp1252 = query(db, f"SELECT body FROM articles WHERE source = '{p('cp1252.txt')}'")
    assert stored_cp1252 == [(CP1252,)]

    rejects = cli("rejects", "--db", db)
    assert rejects.exit_code == 0
    listed = set(rejects.stdout.splitlines())
    assert {line.removeprefix("error: ") for line in lines if line.startswith("error: ")} == listed

    with Store(db) as store:
        kept = {
            source: store.articles.raw(sha)
            for source, sha in store.db.execute("SELECT source, raw_sha256 FROM rejects")
        }
    assert kept[p("binary.txt")] == bad["binary.txt"]
    assert kept[p("truncated.html")] == bad["truncated.html"]
    assert kept[p("malformed.xml")] == bad["malformed.xml"]
    assert kept[p("crawl.warc")] == bad["crawl.warc"]
    assert kept[p("broken.jsonl") + ":2"] == b'{"text": "unterminated\n'
    assert kept[p("broken.jsonl") + ":3"] == b'{"title": "no text"}\n'
    assert kept[p("empty.txt")] is None  # nothing to keep
    assert kept[str(missing)] is None


def test_rejects_as_json_and_repeated_failures_are_counted(
    tmp_path: Path, cli: Cli, news_page: Callable[..., str], write_warc: Callable[..., Path]
) -> None:
    folder = tmp_path / "inbox"
    write_bad(folder, news_page, write_warc)
    db = tmp_path / "s.db"
    assert cli("ingest", folder, "--db", db).exit_code == 1
    before = query(db, "SELECT COUNT(*) FROM articles")
    again = cli("ingest", folder, "--db", db, "--json")
    assert again.exit_code == 1
    assert json.loads(again.stdout)["added"] == 0
    assert query(db, "SELECT COUNT(*) FROM articles") == before
    rows = json.loads(cli("rejects", "--db", db, "--json").stdout)["rejects"]
    assert {r["source"] for r in rows} >= {
        str(folder / "empty.txt"),
        str(folder / "binary.txt"),
        str(folder / "crawl.warc"),
    }
    assert {r["times"] for r in rows} == {2}
    assert {r["raw_kept"] for r in rows if r["source"] == str(folder / "binary.txt")} == {True}


def test_bad_inputs_change_nothing_already_stored(
    tmp_path: Path, cli: Cli, news_page: Callable[..., str], write_warc: Callable[..., Path], table_rows: Rows
) -> None:
    good, bad = tmp_path / "good", tmp_path / "bad"
    write_good(good, news_page)
    db = tmp_path / "s.db"
    assert cli("ingest", good, "--db", db).exit_code == 0
    before = table_rows(db)
    assert before["articles"] and before["paragraphs"] and before["sightings"] and before["raw_inputs"]

    write_bad(bad, news_page, write_warc)
    (bad / "copy-of-story.txt").write_bytes((good / "story.txt").read_bytes())  # an article already stored
    result = cli("ingest", bad, tmp_path / "missing", "--db", db)
    assert result.exit_code == 1

    after = table_rows(db)
    for table in ("articles", "paragraphs", "sightings", "raw_inputs"):
        assert before[table] <= after[table], f"rows of {table} changed"
    assert len(after["articles"]) == len(before["articles"]) + 5
    assert len(after["sightings"]) == len(before["sightings"]) + 6  # the copy is a new sighting of an old article


def test_reingesting_the_same_folder_adds_nothing(tmp_path: Path, cli: Cli, news_page: Callable[..., str]) -> None:
    folder = tmp_path / "good"
    count = write_good(folder, news_page)
    db = tmp_path / "s.db"
    first = cli("ingest", folder, "--db", db)
    assert first.exit_code == 0, first.stderr
    assert first.stderr == ""
    counts = query(
        db,
        "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM sightings), (SELECT COUNT(*) FROM raw_inputs)",
    )
    assert counts == [(count, count, count)]
    second = cli("ingest", folder, "--db", db, "--json")
    assert second.exit_code == 0
    summary = json.loads(second.stdout)
    assert (summary["read"], summary["added"], summary["duplicates"], summary["rejected"]) == (count, 0, count, 0)
    assert (
        query(
            db,
            "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM sightings), (SELECT COUNT(*) FROM raw_inputs)",
        )
        == counts
    )


# -- huge inputs ----------------------------------------------------------------------

MB = 1024 * 1024


@pytest.mark.slow
def test_a_200_mb_text_file_is_rejected_without_being_read(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.write(("\n\n".join(make_story(1)) + "\n").encode() * 100)
        handle.truncate(200 * MB)  # sparse: no disk, and every byte of it would still have to be read
    db = tmp_path / "s.db"
    tracemalloc.start()
    try:
        with Store(db) as store:
            report = ingest([str(big)], store, jobs=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(r.source, r.reason) for r in report.rejections] == [
        (str(big), "too large for one article: 209.7 MB over the 10.5 MB limit (--max-bytes)")
    ]
    assert peak < 20 * MB, f"peak {peak / MB:.1f} MB"
    assert query(db, "SELECT source, raw_sha256 FROM rejects") == [(str(big), None)]
    assert query(db, "SELECT COUNT(*) FROM raw_inputs") == [(0,)]


# Measures a command's peak RSS from a small launcher process: a child forked straight from
# pytest would count the pytest image it was forked from (ru_maxrss survives exec), and by
# then pytest holds spaCy and more.
_LAUNCHER = (
    "import os, subprocess, sys; p = subprocess.Popen(sys.argv[2:]); _, status, usage = os.wait4(p.pid, 0); "
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss)); sys.exit(os.waitstatus_to_exitcode(status))"
)


def ingest_in_child(path: Path, db: Path, out: Path) -> tuple[int, int, str]:
    """Run `storyline ingest` in a child process: (exit status, peak RSS in bytes, stderr).

    Without the spaCy reading: this measures the readers' and the store's memory, and
    reading 25,000 articles would take half an hour (benchmarks/reading.py measures it)."""
    peak_file = out.parent / (out.name + ".rss")
    command = [sys.executable, "-m", "storyline", "ingest", str(path), "--db", str(db), "--jobs", "1", "--json"]
    with out.open("wb") as stdout, (out.parent / (out.name + ".err")).open("w+b") as stderr:
        process = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, str(peak_file), *command, "--no-reading"],
            stdout=stdout,
            stderr=stderr,
            check=False,
        )
        stderr.seek(0)
        peak = int(peak_file.read_text()) * 1024 if peak_file.exists() else 0  # ru_maxrss: KiB on Linux
        return process.returncode, peak, stderr.read().decode()


@pytest.mark.slow
def test_a_200_mb_jsonl_file_is_ingested_in_flat_memory(tmp_path: Path) -> None:
    big, small = tmp_path / "huge.jsonl", tmp_path / "small.jsonl"
    paragraphs = [p for n in range(8) for p in make_story(n, 4)]
    template = "\n\n".join(paragraphs * 2)  # ~8 KB of text per line
    lines = 0
    with big.open("w", encoding="utf-8") as handle, small.open("w", encoding="utf-8") as head:
        while handle.tell() < 200 * MB:
            line = (
                json.dumps({"text": f"Dispatch {lines}.\n\n{template}", "title": f"dispatch {lines}", "n": lines})
                + "\n"
            )
            handle.write(line)
            if lines < 200:
                head.write(line)
            lines += 1

    status, baseline, errors = ingest_in_child(small, tmp_path / "small.db", tmp_path / "small.json")
    assert status == 0, errors
    status, peak, errors = ingest_in_child(big, tmp_path / "big.db", tmp_path / "big.json")
    assert status == 0, errors

    # the same process for 200 lines and for 200 MB: memory must not grow with the input
    assert peak - baseline < 100 * MB, f"peak RSS {peak / MB:.0f} MB, {baseline / MB:.0f} MB for 200 lines"
    assert peak < 400 * MB
    summary = json.loads((tmp_path / "big.json").read_text())
    assert (summary["read"], summary["added"], summary["rejected"]) == (lines, lines, 0)
    assert query(tmp_path / "big.db", "SELECT COUNT(*), MIN(seq), MAX(seq) FROM articles") == [(lines, 1, lines)]


def test_reasons_and_warnings_are_printable_on_the_terminal_and_in_the_store(tmp_path: Path, cli: Cli) -> None:
    """A reason that quotes its input (a parser's message, a value, a file name) must not pass
    control characters to the terminal (ESC starts a terminal command) or to the store."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    story = " ".join(make_story(5))
    (folder / "esc\x1b[31m.jsonl").write_text(
        json.dumps({"text": story, "published": "\x1b]0;owned\x07 2 days ago \x00"}) + "\n" + '{"text": "a\x1b\n',
        encoding="utf-8",
    )
    db = tmp_path / "s.db"
    result = cli("ingest", folder, "--db", db, "--no-reading")
    shown = result.stderr + "".join(rejects for (rejects,) in query(db, "SELECT reason FROM rejects"))
    shown += "".join(source for (source,) in query(db, "SELECT source FROM rejects"))
    assert "\\x1b" in result.stderr  # the bytes are named, not sent
    assert not any(ch in shown for ch in [chr(c) for c in range(0x20) if c != 0x0A] + ["\x7f"]), repr(shown)
    assert len(stderr_lines(result)) == 2, result.stderr  # one warning, one error, one line each
