"""What every command shares (cli/app.py): opening the store, errors as one line, article
lookups by id prefix, tables that fit the terminal, and a start-up that imports little."""

from __future__ import annotations

import importlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.model import Outlet
from storyline.store.sqlite import Store
from tests.helpers import ROOT, SAMPLE, dump, read_text, write_batch

runner = CliRunner()
app_module = importlib.import_module("storyline.cli.app")  # `storyline.cli.app` the attribute is the Typer app

READ_COMMANDS = [
    ["articles"],
    ["show", "abcd0000"],
    ["search", "rain"],
    ["stories"],
    ["story", "1"],
    ["entities"],
    ["entity", "Rain"],
    ["quotes"],
    ["attitudes"],
    ["dates"],
    ["export"],
    ["rejects"],
]


def _text_folder(folder: Path, texts: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n, text in enumerate(texts):
        (folder / f"{n}.txt").write_text(text, "utf-8")
    return folder


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A store of one article, ingested without the spaCy reading (fast)."""
    path = tmp_path / "s.db"
    folder = _text_folder(tmp_path / "first", ["Rain fell on the capital on Monday, flooding the roads.\n"])
    result = runner.invoke(app, ["ingest", str(folder), "--no-reading", "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _store_that(pragma: Callable[[Store], None]) -> type[Store]:
    """Store as the CLI opens it, with `pragma` applied to each connection opened for writing."""

    class Patched(Store):
        def __init__(self, path: Any, **kwargs: Any) -> None:
            super().__init__(path, **kwargs)
            if not kwargs.get("readonly"):
                pragma(self)

    return Patched


def _full_disk(store: Store) -> None:
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")


def _read_only(store: Store) -> None:
    store.db.execute("PRAGMA query_only = ON")  # SQLite's own "attempt to write a readonly database"


def _one_error_line(stderr: str, *parts: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    for part in parts:
        assert part in lines[0], lines[0]


# -- 1. a store that cannot be written: one line, status 2, nothing half-written ----------


@pytest.mark.parametrize(
    ("pragma", "reason"),
    [(_read_only, "attempt to write a readonly database"), (_full_disk, "database or disk is full")],
)
def test_ingest_into_a_store_that_cannot_be_written_is_one_error_line(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pragma: Callable[[Store], None], reason: str
) -> None:
    before = dump(small)
    monkeypatch.setattr(app_module, "Store", _store_that(pragma))
    body = "\n\n".join(
        f"Paragraph {n}: the harbour council met again on Tuesday about the ferry." * 8 for n in range(80)
    )
    folder = _text_folder(tmp_path / "more", ["Snow fell on the hills.\n\n" + body, "Wind rose at sea.\n\n" + body])
    result = runner.invoke(app, ["ingest", str(folder), "--no-reading", "--db", str(small)])
    assert result.exit_code == 2
    _one_error_line(result.stderr, str(small), "cannot write to the store", reason)
    assert dump(small) == before


@pytest.mark.parametrize("command", [["analyze", "--redo"], ["recluster"]])
def test_analyze_and_recluster_on_a_read_only_store_are_one_error_line(
    small: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    before = dump(small)
    monkeypatch.setattr(app_module, "Store", _store_that(_read_only))
    result = runner.invoke(app, [*command, "--db", str(small)])
    assert result.exit_code == 2
    _one_error_line(result.stderr, str(small), "attempt to write a readonly database")
    assert dump(small) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes through file permissions")
def test_ingest_into_a_read_only_file_is_one_error_line(small: Path, tmp_path: Path) -> None:
    before = dump(small)
    small.chmod(0o444)
    try:
        folder = _text_folder(tmp_path / "more", ["Snow fell on the hills on Tuesday.\n"])
        result = runner.invoke(app, ["ingest", str(folder), "--no-reading", "--db", str(small)])
    finally:
        small.chmod(0o644)
    assert result.exit_code == 2
    _one_error_line(result.stderr, str(small), "readonly")
    assert dump(small) == before


# -- 3. read commands open the store read-only -------------------------------------------


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_a_read_command_on_a_zero_byte_file_writes_nothing_into_it(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    result = runner.invoke(app, [*command, "--db", str(path)])
    assert result.exit_code == 2
    _one_error_line(result.stderr, str(path), "not a Storyline store")
    assert path.stat().st_size == 0
    assert [p.name for p in tmp_path.iterdir()] == ["empty.db"]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_a_read_command_on_a_missing_file_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    _one_error_line(result.stderr, "none.db", "no store here")
    assert list(tmp_path.iterdir()) == []


def test_a_read_command_does_not_migrate_an_older_store(small: Path) -> None:
    db = sqlite3.connect(small)
    version = db.execute("PRAGMA user_version").fetchone()[0]
    db.execute(f"PRAGMA user_version = {version - 1}")
    db.close()
    result = runner.invoke(app, ["articles", "--db", str(small)])
    assert result.exit_code == 2
    _one_error_line(result.stderr, "older")
    db = sqlite3.connect(small)
    assert db.execute("PRAGMA user_version").fetchone()[0] == version - 1
    db.close()


# -- 3. an id prefix that names more than one article, or is too short -------------------


@pytest.fixture
def prefixed(tmp_path: Path) -> Path:
    """Articles whose ids share prefixes (made, since real ids rarely share four characters)."""
    path = tmp_path / "p.db"
    base = read_text("Rain fell on the capital on Monday.\n", "a.txt")
    with Store(path) as store:
        write_batch(
            store,
            [
                replace(base, id="abcd000000000001", source="1.txt", title="First of two"),
                replace(base, id="abcd000000000002", source="2.txt", title="Second of two"),
                replace(base, id="abce000000000003", source="3.txt", title="Alone"),
            ],
        )
    return path


@pytest.mark.parametrize("command", ["show", "dates"])
def test_an_ambiguous_prefix_says_so_and_lists_the_candidates(prefixed: Path, command: str) -> None:
    result = runner.invoke(app, [command, "abcd", "--db", str(prefixed)])
    assert result.exit_code == 1
    first, *candidates = result.stderr.splitlines()
    assert first.startswith("error: ") and "ambiguous" in first and "2 articles" in first
    assert "no article" not in result.stderr
    assert [c.split()[0] for c in candidates] == ["abcd000000000001", "abcd000000000002"]
    assert "First of two" in candidates[0]


def test_a_prefix_under_four_characters_is_too_short_and_lists_the_candidates(prefixed: Path) -> None:
    result = runner.invoke(app, ["show", "ab", "--db", str(prefixed)])
    assert result.exit_code == 1
    first, *candidates = result.stderr.splitlines()
    assert "too short" in first and "3 articles" in first
    assert len(candidates) == 3
    missing = runner.invoke(app, ["show", "ffff", "--db", str(prefixed)])
    assert (missing.exit_code, missing.stderr.strip()) == (1, "error: no article with id ffff")
    assert runner.invoke(app, ["show", "abce", "--db", str(prefixed), "--json"]).exit_code == 0


# -- 3. tables fit the terminal, headers whole ---------------------------------------------


def _run(args: list[str], columns: int) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"COLUMNS": str(columns), "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "storyline", *args], capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "s.db"
    assert runner.invoke(app, ["ingest", str(SAMPLE), "--db", str(path)]).exit_code == 0
    long_outlet = Outlet("The Extraordinarily Long-Named Regional Broadcasting Corporation", "metadata: test")
    base = read_text("Ferry news\nThe ferry line opened on Tuesday.\n", "ferry.txt")
    with Store(path) as store:
        write_batch(store, [replace(base, outlet=long_outlet)])
    return path


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize(
    ("command", "headers"),
    [
        (["articles"], ["id", "published", "outlet", "lang", "title / first line"]),
        (["stories"], ["id", "dates", "articles", "sources", "title"]),
        (["entities"], ["id", "type", "mentions", "articles", "name", "aliases / roles"]),
        (["dates"], ["article", "expression", "value", "kind", "precision"]),
        (["story", "1"], ["article", "published", "outlet", "title"]),
    ],
    ids=lambda v: v[0] if isinstance(v, list) and len(v) < 3 else None,
)
def test_tables_fit_the_terminal_with_their_headers_whole(
    sample: Path, command: list[str], headers: list[str], columns: int
) -> None:
    result = _run([*command, "--db", str(sample)], columns)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.split()[:1] == [headers[0]])
    assert header.split() == " ".join(headers).split()
    assert "…" not in header
    assert max(len(line.rstrip()) for line in lines) <= columns
    if command == ["articles"]:
        (row,) = [line for line in lines if "The Extraordin" in line]
        assert "Corporation" not in row and "…" in row  # the outlet ellipsized inside its column
        assert row.index("The Extraordin") == header.index("outlet")
        assert row.index("Ferry news") == header.index("title / first line")


# -- 3. start-up: the command modules import what a command needs, when it runs ---------

HEAVY = ["numpy", "spacy", "datasketch", "scipy", "storyline.registry", "storyline.ingest.parse"]


@pytest.mark.parametrize("args", [["--help"], ["articles", "--help"], ["search", "--help"]])
def test_help_imports_none_of_the_analysis(args: list[str]) -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from storyline.cli import app\n"
        f"assert CliRunner().invoke(app, {args!r}).exit_code == 0\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    env = os.environ | {"PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == "[]"


def test_listing_and_searching_articles_import_none_of_the_analysis(small: Path) -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from storyline.cli import app\n"
        f"for args in (['articles'], ['search', 'rain'], ['rejects']):\n"
        f"    assert CliRunner().invoke(app, [*args, '--db', {str(small)!r}]).exit_code == 0\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    env = os.environ | {"PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == "[]"


def test_the_ingest_default_size_limit_is_the_readers_one() -> None:
    from storyline.cli.ingest import DEFAULT_MAX_BYTES
    from storyline.ingest.sources import DEFAULT_MAX_BYTES as READERS

    assert DEFAULT_MAX_BYTES == READERS


@pytest.mark.parametrize("columns", [80, 120])
def test_entity_aliases_are_folded_inside_their_column_not_cut(sample: Path, columns: int) -> None:
    import json

    listed = json.loads(runner.invoke(app, ["entities", "--db", str(sample), "--json", "--limit", "12"]).stdout)
    lines = _run(["entities", "--db", str(sample), "--limit", "12"], columns).stdout.splitlines()
    start = lines[0].index("aliases / roles")
    cells: list[list[str]] = []
    for line in lines[1:]:
        if line[:start].strip():  # a row begins; a blank start is the row above, folded
            cells.append([])
        cells[-1].append(line[start:].strip())
    assert len(cells) == len(listed["entities"])
    for entity, pieces in zip(listed["entities"], cells, strict=True):
        extra = [a for a in entity["aliases"] if a != entity["name"]][:4]
        extra += sorted({r["role"] for r in entity["roles"]})[:3]
        assert " ".join(pieces).split() == "; ".join(extra).split()
