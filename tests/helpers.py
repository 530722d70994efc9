"""Small builders shared by tests (not fixtures: plain functions are easier to read at the call site)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from storyline.ingest.finalize import finalize
from storyline.ingest.item import Item
from storyline.ingest.textfile import parse
from storyline.model import Article, Rejection
from storyline.store.articles import BatchResult
from storyline.store.sqlite import Store

ROOT = Path(__file__).resolve().parents[1]  # the project
SAMPLE = ROOT / "examples" / "istanbul-talks"


def read_text(text: str, source: str = "t.txt") -> Article:
    return finalize(parse(Item(source, "text", text.encode("utf-8"))))


def body_lines(article: Article) -> list[str]:
    return [article.paragraph_text(i) for i in range(len(article.paragraphs))]


def write_batch(store: Store, articles: Iterable[Article], rejections: Iterable[Rejection] = ()) -> BatchResult:
    """Store a batch in one transaction, as ingest does."""
    with store.transaction():
        return store.articles.write_batch(articles, rejections)


def dump(path: Path) -> list[str]:
    """Everything a store file holds, read by a connection of its own (to compare before and after)."""
    db = sqlite3.connect(path)
    try:
        return list(db.iterdump())
    finally:
        db.close()


def copy_links(tmp_path: Path, texts: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Write these texts as files, run the whole pipeline (no reading) and return the copy
    links found: {file name: (its original's file name, kind)}."""
    from storyline import registry
    from storyline.ingest.pipeline import ingest

    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, "utf-8")
    with Store(tmp_path / "s.db") as store:
        ingest([str(folder)], store, jobs=1)
        registry.update(store, jobs=1, read=False)
        source = dict(store.db.execute("SELECT id, source FROM articles").fetchall())
        return {
            Path(source[a]).name: (Path(source[o]).name, kind)
            for a, o, kind in store.db.execute("SELECT article_id, original_id, kind FROM copies")
        }
