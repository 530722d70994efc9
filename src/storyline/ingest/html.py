"""HTML pages through trafilatura: main text without navigation, ads and footers,
plus the page's own metadata (title, author, date, site name, canonical URL).

Only the page's metadata date counts as a publication date (htmldate's
extensive search guesses from any date in the text, which is how an article
about 2022 ends up dated 2022); a WARC capture date is a fallback, labelled so.
"""

from __future__ import annotations

import codecs
from typing import Any

import trafilatura

from storyline.ingest.dates import parse_published
from storyline.ingest.decode import NotText, looks_binary
from storyline.ingest.item import Item, ReadError
from storyline.model import Draft, Outlet, normalize_body

_DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}


def parse(item: Item) -> Draft:
    data = item.payload
    if not data.strip():
        raise NotText("empty input")
    if looks_binary(data[:65536]):
        raise NotText("binary content (NUL bytes), not HTML")
    url = item.meta.get("url")
    document = trafilatura.bare_extraction(
        _without_partial_tag(data),
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        fast=True,
        date_extraction_params=_DATE_PARAMS,
    )
    if document is None or isinstance(document, dict) or not (document.text or "").strip():
        raise ReadError("no article text found in the HTML (truncated, or not an article page)")
    published = parse_published(document.date, "html-meta")
    if published is None and item.meta.get("capture_date"):
        published = parse_published(item.meta["capture_date"], "warc-capture-date")
    extra: dict[str, Any] = {}
    if document.description:
        extra["description"] = document.description
    if item.meta.get("capture_date"):
        extra["capture_date"] = item.meta["capture_date"]
    return Draft(
        source=item.source,
        reader=item.meta.get("container", "html"),
        paragraphs=_without_headline((document.text or "").split("\n"), document.title),
        raw=data,
        url=document.url or url,
        title=document.title,
        author=document.author,
        outlet=Outlet(document.sitename, "metadata: site") if document.sitename else None,
        published=published,
        language=None,
        extra=extra,
    )


def _without_partial_tag(data: bytes) -> bytes:
    """A page cut off inside a tag loses that partial tag: the parser would read a
    trailing `<` as text and make it a paragraph. (UTF-16 pages are left as they are.)"""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data
    start = data.rfind(b"<")
    return data[:start] if start > data.rfind(b">") else data


def _without_headline(paragraphs: list[str], title: str | None) -> list[str]:
    """trafilatura keeps the page's <h1> as the first line; the headline is the title
    field, as in every other reader, so the same story has the same body wherever read."""
    if title and paragraphs and normalize_body(paragraphs[0]) == normalize_body(title):
        return paragraphs[1:]
    return paragraphs
