"""The shipped data and its one loader."""

from __future__ import annotations

from importlib import resources

import pytest

from storyline import data


def test_lines_and_rows_skip_blanks_and_comments() -> None:
    for line in data.lines("speech", "reporting_verbs.txt"):
        assert line.strip() and not line.startswith("#")
    rows = data.rows("dates", "lexicon.tsv")
    assert rows and all(len(r) == 3 for r in rows)


def test_every_shipped_table_lives_in_a_concern_folder_and_loads() -> None:
    root = resources.files("storyline.data")
    files = [p for folder in root.iterdir() if folder.is_dir() for p in folder.iterdir() if p.name[0] != "_"]
    loose = [p.name for p in root.iterdir() if p.is_file() and not p.name.endswith(".py")]
    assert not loose, f"data files outside a concern folder: {loose}"
    assert len(files) >= 15
    for path in files:
        assert data.lines(path.parent.name, path.name), path.name


def test_a_missing_file_is_an_error_not_an_empty_table() -> None:
    with pytest.raises(FileNotFoundError):
        data.lines("dates", "no-such-table.tsv")
