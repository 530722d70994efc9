"""The JSON export: one object, documented in docs/export.md, streamed.

Articles are written one at a time as they are read from the store, so an
export of a large store needs the memory of one article. The top-level keys and
the article fields are a contract: later stages add keys, never rename them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any, Protocol

from storyline import __version__
from storyline.service import articles, brief, reading, stories, timeline
from storyline.store.sqlite import Store

EXPORT_FORMAT = 1


class _Record(Protocol):
    def as_dict(self) -> dict[str, Any]: ...


def write_json(store: Store, out: IO[str]) -> int:
    """Write the whole store as one JSON object, one record per line; return the article count.

    One line per record keeps the file valid JSON while letting `grep`, `head`
    and line-based diff tools work on it."""
    header = json.dumps({"storyline": __version__, "format": EXPORT_FORMAT})[:-1]
    out.write(header + ', "articles": [\n')
    count = 0
    for article in articles.iter_articles(store):
        out.write(",\n" if count else "")
        out.write(json.dumps(articles.view(store, article).as_dict(), ensure_ascii=False))
        count += 1
    out.write("\n]")
    sections: tuple[tuple[str, Iterable[_Record]], ...] = (
        ("stories", stories.stories(store)),
        ("events", stories.events(store)),
        ("entities", reading.entities(store)),
        ("dates", reading.dates(store)),
        ("quotes", reading.quotes(store)),
        ("attitudes", reading.attitudes(store)),
        ("timeline", timeline.timeline(store)),
        ("claims", timeline.claims(store)),
        ("briefs", _briefs(store)),
    )
    for key, records in sections:
        out.write(f',\n"{key}": [')
        for n, record in enumerate(records):
            out.write(",\n" if n else "\n")
            out.write(json.dumps(record.as_dict(), ensure_ascii=False))
        out.write("\n]")
    out.write("}\n")
    return count


def _briefs(store: Store) -> Iterable[_Record]:
    for story in stories.stories(store):
        found = brief.brief(store, story.id)
        if found is not None:
            yield found
