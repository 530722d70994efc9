"""RSS and Atom feeds through feedparser: one article per entry.

The entry's full content is used where the feed carries it, its summary
otherwise; nothing is fetched (a link-only entry becomes a short article, and
the user can ingest the linked pages themselves).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import feedparser

from storyline.ingest.dates import dropped, read_published
from storyline.ingest.fragment import paragraphs
from storyline.ingest.item import Item, ReadError
from storyline.model import Draft, Notice, Outlet, Rejection


def split(source: str, data: bytes) -> Iterator[Item | Rejection | Notice]:
    parsed = feedparser.parse(data)
    entries = parsed.get("entries", [])
    if not entries:
        reason = f"malformed feed: {parsed.bozo_exception}" if parsed.get("bozo") else "feed has no entries"
        yield Rejection(source, reason, "feed", data)
        return
    problem = parsed.get("bozo_exception")
    if isinstance(problem, feedparser.CharacterEncodingOverride):
        yield Notice(source, f"feed's declared encoding is wrong; read as {parsed.get('encoding')}")
    elif parsed.get("bozo"):
        yield Notice(source, f"feed is not well-formed ({problem}); {len(entries)} entries recovered")
    feed_title = parsed.feed.get("title")
    for number, entry in enumerate(entries, 1):
        content = entry.get("content")
        body = content[0].get("value", "") if content else entry.get("summary", "")
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        meta: dict[str, Any] = {
            "url": entry.get("link"),
            "title": entry.get("title"),
            "author": entry.get("author"),
            "published": tuple(when) if when else entry.get("published") or entry.get("updated"),
            "feed_title": feed_title,
            "entry_id": entry.get("id"),
        }
        yield Item(f"{source}#{number}", "feed", (body or "").encode("utf-8"), meta)


def parse(item: Item) -> Draft:
    text = item.payload.decode("utf-8")
    found = paragraphs(text)
    if not found:
        raise ReadError("feed entry has no content or summary")
    meta = item.meta
    extra = {k: meta[k] for k in ("entry_id", "feed_title") if meta.get(k)}
    published, problem = read_published(meta.get("published"), "feed")
    return Draft(
        source=item.source,
        reader="feed",
        paragraphs=found,
        raw=item.payload,
        url=meta.get("url"),
        title=meta.get("title"),
        author=meta.get("author"),
        outlet=Outlet(meta["feed_title"], "metadata: site") if meta.get("feed_title") else None,
        published=published,
        extra=extra,
        warnings=[dropped(meta.get("published"), problem)] if problem else [],
    )
