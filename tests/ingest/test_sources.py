"""From what the user typed to inputs: files, folders, globs, standard input, and every
way a path can fail, each a Rejection naming it."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.ingest import sources
from storyline.ingest.item import Item
from storyline.ingest.parse import Result
from storyline.ingest.sources import expand, items
from storyline.model import Article, Rejection
from tests.conftest import HARBOUR, make_story

Read = Callable[..., list[Result]]


def story_file(path: Path, n: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(make_story(n)) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """news/ with articles at three depths, plus what a folder walk must skip."""
    root = tmp_path / "news"
    story_file(root / "one.txt", 1)
    story_file(root / "b" / "two.html", 2)
    story_file(root / "b" / "c" / "three.jsonl", 3)
    story_file(root / "b" / "c" / "four.md", 4)
    story_file(root / ".hidden.txt", 5)
    story_file(root / ".git" / "objects.txt", 6)
    story_file(root / "config.yaml", 7)
    story_file(root / "notes", 8)
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "empty-dir").mkdir()
    return root


def strings(entries: Iterator[str | Rejection]) -> list[str | tuple[str, str]]:
    return [(e.source, e.reason) if isinstance(e, Rejection) else e for e in entries]


def test_a_file_is_itself(tmp_path: Path) -> None:
    path = story_file(tmp_path / "a.txt", 1)
    assert strings(expand([str(path)])) == [str(path)]


def test_an_explicitly_named_file_is_read_whatever_its_extension(tree: Path) -> None:
    assert strings(expand([str(tree / "config.yaml"), str(tree / ".hidden.txt")])) == [
        str(tree / "config.yaml"),
        str(tree / ".hidden.txt"),
    ]


def test_folder_is_walked_recursively_in_a_stable_order_skipping_hidden_and_unsupported(tree: Path) -> None:
    assert strings(expand([str(tree)])) == [
        str(tree / "one.txt"),
        str(tree / "b" / "two.html"),
        str(tree / "b" / "c" / "four.md"),
        str(tree / "b" / "c" / "three.jsonl"),
    ]


def test_inputs_keep_the_order_they_were_given_in(tree: Path) -> None:
    given = [str(tree / "b" / "two.html"), str(tree / "one.txt")]
    assert strings(expand(given)) == given


def test_globs(tree: Path) -> None:
    assert strings(expand([str(tree / "*.txt")])) == [str(tree / "one.txt")]  # glob skips hidden files
    assert strings(expand([str(tree / "**" / "*.html")])) == [str(tree / "b" / "two.html")]
    assert strings(expand([str(tree / "**" / "*.*")])) == [
        str(tree / "b" / "c" / "four.md"),
        str(tree / "b" / "c" / "three.jsonl"),
        str(tree / "b" / "two.html"),
        str(tree / "config.yaml"),  # a glob names files explicitly
        str(tree / "logo.png"),
        str(tree / "one.txt"),
    ]
    # a glob that matches a folder walks it
    assert strings(expand([str(tree / "b" / "?")])) == [
        str(tree / "b" / "c" / "four.md"),
        str(tree / "b" / "c" / "three.jsonl"),
    ]


def test_glob_without_a_match_and_missing_path_are_rejected(tmp_path: Path) -> None:
    pattern, missing = str(tmp_path / "*.nothing"), str(tmp_path / "gone.txt")
    assert strings(expand([pattern, missing])) == [
        (pattern, "no files match this pattern"),
        (missing, "no such file or directory"),
    ]


def test_empty_folder_gives_nothing(tree: Path) -> None:
    assert strings(expand([str(tree / "empty-dir")])) == []


def test_dangling_symlink_is_rejected_by_name(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "target-that-does-not-exist.txt")
    assert [(r.source, r.reason) for r in items([str(link)]) if isinstance(r, Rejection)] == [
        (str(link), "no such file or directory")
    ]


def _deny(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make `folder` unreadable: chmod 000 where that works; as root (which reads through
    any mode) the walk's directory listing raises as it would."""
    if os.geteuid() != 0:
        folder.chmod(0)
        return
    real_scandir = os.scandir
    locked = os.path.abspath(folder)

    def scandir(path: Any = ".") -> Any:
        if os.path.abspath(os.fspath(path)) == locked:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize("where", ["inside", "given"])
def test_unreadable_folder_is_rejected_and_the_rest_is_read(
    tree: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    locked = tree / "b"
    _deny(monkeypatch, locked)
    try:
        found = strings(expand([str(tree)] if where == "inside" else [str(locked), str(tree / "one.txt")]))
    finally:
        locked.chmod(0o755)
    assert (str(locked), "permission denied") in found
    assert str(tree / "one.txt") in found
    assert not [f for f in found if isinstance(f, str) and f.startswith(str(locked))]


def test_unreadable_file_is_rejected_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = story_file(tmp_path / "secret.txt", 1)
    if os.geteuid() == 0:

        def deny(file: Any, *args: Any, **kwargs: Any) -> Any:
            raise PermissionError(13, "Permission denied", str(file))

        monkeypatch.setattr(sources, "open", deny, raising=False)
    else:
        path.chmod(0)
    assert [(r.source, r.reason) for r in items([str(path)]) if isinstance(r, Rejection)] == [
        (str(path), "permission denied")
    ]


def test_file_over_the_size_limit_is_rejected_unread(tmp_path: Path) -> None:
    path = story_file(tmp_path / "long.txt", 1)
    (rejection,) = items([str(path)], max_bytes=100)
    assert isinstance(rejection, Rejection)
    assert rejection.source == str(path)
    assert rejection.reason.startswith("too large for one article: ")
    assert rejection.reason.endswith("MB limit (--max-bytes)")
    assert rejection.raw is None


def test_gzipped_text_file_is_read(tmp_path: Path, read_inputs: Read) -> None:
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress("\n\n".join(HARBOUR).encode()))
    (article,) = read_inputs([path])
    assert isinstance(article, Article)
    assert article.body == "\n\n".join(HARBOUR)


def test_cut_off_gzipped_page_is_rejected_with_its_bytes(tmp_path: Path, read_inputs: Read) -> None:
    path = tmp_path / "story.txt.gz"
    data = gzip.compress("\n\n".join(p for n in range(30) for p in make_story(n, 4)).encode())[:-40]
    path.write_bytes(data)
    (rejection,) = read_inputs([path])
    assert isinstance(rejection, Rejection)
    assert (rejection.source, rejection.reason, rejection.raw) == (str(path), "corrupt or oversized gzip file", data)


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_stdin_text(monkeypatch: pytest.MonkeyPatch, read_inputs: Read) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin("\n\n".join(HARBOUR).encode()))
    (article,) = read_inputs(["-"])
    assert isinstance(article, Article)
    assert article.source == "<stdin>"
    assert article.reader == "text"
    assert article.body == "\n\n".join(HARBOUR)


def test_stdin_jsonl_is_split_into_lines(monkeypatch: pytest.MonkeyPatch, read_inputs: Read) -> None:
    data = "".join(json.dumps({"text": " ".join(make_story(n))}) + "\n" for n in range(3)) + "[1]\n"
    monkeypatch.setattr(sys, "stdin", _Stdin(data.encode()))
    results = read_inputs(["-"])
    assert [r.source for r in results if isinstance(r, Article)] == ["<stdin>:1", "<stdin>:2", "<stdin>:3"]
    assert [(r.source, r.reason) for r in results if isinstance(r, Rejection)] == [
        ("<stdin>:4", "a line must be a JSON object, not list")
    ]


def test_stdin_over_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b"word " * 1000))
    (rejection,) = items(["-"], max_bytes=100)
    assert isinstance(rejection, Rejection)
    assert rejection.source == "<stdin>"
    assert rejection.reason.startswith("too large for one article")


def test_items_are_what_the_parsers_receive(tree: Path) -> None:
    work = list(items([str(tree / "one.txt"), str(tree / "b" / "c" / "three.jsonl")]))
    assert [(w.source, w.reader) for w in work if isinstance(w, Item)] == [
        (str(tree / "one.txt"), "text"),
        (str(tree / "b" / "c" / "three.jsonl") + ":1", "jsonl"),  # not JSON, but it is what the name says
        (str(tree / "b" / "c" / "three.jsonl") + ":3", "jsonl"),  # line 2 is blank
        (str(tree / "b" / "c" / "three.jsonl") + ":5", "jsonl"),
    ]


def test_stdin_gzipped(monkeypatch: pytest.MonkeyPatch, read_inputs: Read) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(gzip.compress("\n\n".join(HARBOUR).encode())))
    (article,) = read_inputs(["-"])
    assert isinstance(article, Article)
    assert article.body == "\n\n".join(HARBOUR)
