"""Small builders shared by tests (not fixtures: plain functions are easier to read at the call site)."""

from __future__ import annotations

from storyline.ingest.finalize import finalize
from storyline.ingest.item import Item
from storyline.ingest.textfile import parse
from storyline.model import Article


def read_text(text: str, source: str = "t.txt") -> Article:
    return finalize(parse(Item(source, "text", text.encode("utf-8"))))


def body_lines(article: Article) -> list[str]:
    return [article.paragraph_text(i) for i in range(len(article.paragraphs))]
