"""HTML pages through trafilatura: main text without navigation, ads and footers,
plus the page's own metadata (title, author, date, site name, canonical URL).

The publication date is the page's own statement of it, read here rather than
through trafilatura's `date`: htmldate, behind it, takes a date in the URL before
the page's metadata (so `/2025/06/01/` beats an `article:published_time` of
2025-06-02) and guesses from the text when there is no metadata, and a caller
cannot tell which it did. So the order is ours and each date says where it came
from: the page's metadata (`html-meta`), else a date in its URL path (`url`),
else a WARC capture date (`warc-capture-date`). A metadata value that is not a
usable date is dropped with a warning.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from storyline.ingest import titles
from storyline.ingest.dates import dropped, read_published
from storyline.ingest.decode import NotText, looks_binary
from storyline.ingest.item import Item, ReadError
from storyline.model import Draft, Outlet, PublishedDate, normalize_body

_DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}

# Metadata names of the first publication date (lower case), strongest first: Open Graph's
# article:published_time, then schema.org's datePublished (itemprop or JSON-LD), then the
# other conventions (Dublin Core, citation, site-specific). Modified dates are not publication dates.
_FIRST = ("article:published_time", "og:article:published_time")
_SCHEMA = "datepublished"
_OTHERS = (
    "article:published",
    "article.published",
    "article:published_date",
    "article_date_original",
    "date_published",
    "og:published_time",
    "og:pubdate",
    "og:publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dc:date",
    "dcterms.date",
    "citation_publication_date",
    "citation_date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "sailthru.date",
    "parsely-pub-date",
    "date",
)
_RANK = {name: rank for rank, name in enumerate((*_FIRST, _SCHEMA, *_OTHERS))}
# /2025/06/02/, /2025-06-02-slug, /20250602/ hold the whole date; /2025/06/ the month.
_URL_DAY = re.compile(r"/(\d{4})[/_-](\d{1,2})[/_-](\d{1,2})(?:\D|$)|/(\d{4})(\d{2})(\d{2})(?:/|$)")
_URL_MONTH = re.compile(r"/(\d{4})/(\d{1,2})(?:/|$)")
_JSON_LD_MAX = 1 << 20


def parse(item: Item) -> Draft:
    data = item.payload
    if not data.strip():
        raise NotText("empty input")
    if looks_binary(data[:65536]):
        raise NotText("binary content (NUL bytes), not HTML")
    url = item.meta.get("url")
    tree = load_html(_without_partial_tag(data))
    document = None
    if tree is not None:
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            fast=True,
            date_extraction_params=_DATE_PARAMS,
        )
    if tree is None or document is None or isinstance(document, dict) or not (document.text or "").strip():
        raise ReadError("no article text found in the HTML (truncated, or not an article page)")
    warnings: list[str] = []
    published = _metadata_date(tree, warnings) or _url_date(document.url or url)
    if published is None and item.meta.get("capture_date"):
        published, _ = read_published(item.meta["capture_date"], "warc-capture-date")
    extra: dict[str, Any] = {}
    if document.description:
        extra["description"] = document.description
    if item.meta.get("capture_date"):
        extra["capture_date"] = item.meta["capture_date"]
    title = _whole_title(tree, document.title)
    return Draft(
        source=item.source,
        reader=item.meta.get("container", "html"),
        paragraphs=_without_headline((document.text or "").split("\n"), document.title),
        raw=data,
        url=document.url or url,
        title=title,
        author=document.author,
        outlet=Outlet(document.sitename, "metadata: site") if document.sitename else None,
        published=published,
        language=None,
        extra=extra,
        warnings=warnings,
    )


def _metadata_date(tree: HtmlElement, warnings: list[str]) -> PublishedDate | None:
    """The best-ranked publication date the page's metadata states; values that are
    not dates are dropped, each with a warning."""
    for _, value in sorted(_metadata_dates(tree), key=lambda found: found[0]):
        published, problem = read_published(value, "html-meta")
        if published is not None:
            return published
        if problem:
            warnings.append(dropped(value, f"{problem} (page metadata)"))
    return None


def _metadata_dates(tree: HtmlElement) -> Iterator[tuple[int, str]]:
    """(rank, value) of every publication-date statement: <meta> by property, name or
    itemprop, any element with itemprop=datePublished (<time datetime>), JSON-LD."""
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        if key in _RANK and element.get("content"):
            yield _RANK[key], element.get("content", "")
    for element in tree.xpath("//*[@itemprop]"):
        if element.tag != "meta" and element.get("itemprop", "").strip().lower() == _SCHEMA:
            value = element.get("datetime") or element.get("content") or element.text_content()
            if value and value.strip():
                yield _RANK[_SCHEMA], value
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        for value in _json_ld_dates(script.text or ""):
            yield _RANK[_SCHEMA], value


def _json_ld_dates(text: str) -> Iterator[str]:
    """`datePublished` anywhere in a JSON-LD block (top level, `@graph`, nested objects)."""
    if '"datePublished"' not in text or len(text) > _JSON_LD_MAX:
        return
    try:
        stack: list[Any] = [json.loads(text)]
    except (ValueError, RecursionError):
        return
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            value = node.get("datePublished")
            if isinstance(value, str) and value.strip():
                yield value
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def _url_date(url: str | None) -> PublishedDate | None:
    """A date in the URL's path, where many sites file their articles. Digits there
    that are no date (an id) are not an error: they are skipped without a warning."""
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    for match in _URL_DAY.finditer(path):
        groups = match.groups()
        year, month, day = groups[:3] if groups[0] else groups[3:]
        published, _ = read_published(f"{year}-{int(month):02d}-{int(day):02d}", "url")
        if published is not None:
            return published
    for match in _URL_MONTH.finditer(path):
        published, _ = read_published(f"{match.group(1)}-{int(match.group(2)):02d}", "url")
        if published is not None:
            return published
    return None


def _without_partial_tag(data: bytes) -> bytes:
    """A page cut off inside a tag loses that partial tag: the parser would read a
    trailing `<` as text and make it a paragraph. (UTF-16 pages are left as they are.)"""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data
    start = data.rfind(b"<")
    return data[:start] if start > data.rfind(b">") else data


def _whole_title(tree: HtmlElement, title: str | None) -> str | None:
    """The page's <title> whole where trafilatura cut it at its last separator.

    Without a single <h1> or a metadata title, trafilatura takes the <title> up to its last
    separator, whatever follows: "Biden - Putin summit ends" becomes "Biden". The whole
    title goes on to `finalize`, whose rules remove only a suffix they recognise (the site,
    a section: ingest/titles.py), the same for every reader."""
    element = tree.find(".//head//title")
    if not title or element is None:
        return title
    whole = " ".join(element.text_content().split())
    if whole != title and whole.startswith(title) and titles.starts_with_separator(whole[len(title) :]):
        return whole
    return title


def _without_headline(paragraphs: list[str], title: str | None) -> list[str]:
    """trafilatura keeps the page's <h1> as the first line; the headline is the title
    field, as in every other reader, so the same story has the same body wherever read."""
    if title and paragraphs and normalize_body(paragraphs[0]) == normalize_body(title):
        return paragraphs[1:]
    return paragraphs
