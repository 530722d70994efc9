"""The JSON export: one object, documented in docs/export.md, streamed.

Articles are written one at a time as they are read from the store, so an
export of a large store needs the memory of one article. The top-level keys and
the article fields are a contract: later stages add keys, never rename them.
"""

from __future__ import annotations

import json
from typing import IO, Any

from storyline import __version__
from storyline.corpus import readingviews, views
from storyline.model import Article
from storyline.store.sqlite import Store

EXPORT_FORMAT = 1


def article_record(article: Article, store: Store | None = None) -> dict[str, Any]:
    pub = article.published
    record: dict[str, Any] = {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "outlet": article.outlet.name if article.outlet else None,
        "outlet_origin": article.outlet.origin if article.outlet else None,
        "title": article.title,
        "author": article.author,
        "published": pub.value if pub else None,
        "published_precision": pub.precision if pub else None,
        "published_origin": pub.origin if pub else None,
        "language": article.language,
        "reader": article.reader,
        "ingested_at": article.ingested_at,
        "text": article.body,
        "paragraphs": [[p.start, p.end] for p in article.paragraphs],
    }
    if store is not None:
        record["sightings"] = store.sightings(article.id)
        record.update(views.article_fields(store.db, article.id))
    return record


def write_json(store: Store, out: IO[str]) -> int:
    """Write the whole store as one JSON object, one article per line; return the count.

    One line per article keeps the file valid JSON while letting `grep`, `head`
    and line-based diff tools work on it."""
    header = json.dumps({"storyline": __version__, "format": EXPORT_FORMAT})[:-1]
    out.write(header + ', "articles": [\n')
    count = 0
    for article in store.iter_articles():
        out.write(",\n" if count else "")
        out.write(json.dumps(article_record(article, store), ensure_ascii=False))
        count += 1
    out.write('\n],\n"stories": [')
    for n, story in enumerate(views.stories(store.db)):
        out.write(",\n" if n else "\n")
        out.write(json.dumps(story.as_dict(), ensure_ascii=False))
    out.write("\n]")
    for key, records in (
        ("entities", readingviews.entities(store.db)),
        ("dates", readingviews.dates(store.db)),
        ("quotes", readingviews.quotes(store.db)),
        ("attitudes", readingviews.attitudes(store.db)),
    ):
        out.write(f',\n"{key}": [')
        for n, record in enumerate(records):
            out.write(",\n" if n else "\n")
            out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n]")
    out.write("}\n")
    return count
