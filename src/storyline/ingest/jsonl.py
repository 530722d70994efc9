"""JSONL: one article per line, `text` required.

The file is read line by line with a bounded line length, so a file of any size
streams in flat memory; a broken line is rejected on its own (as `file:LINE`)
and the lines around it are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from storyline.ingest.dates import parse_published
from storyline.ingest.decode import decode
from storyline.ingest.item import Item, ReadError
from storyline.ingest.textfile import split_paragraphs
from storyline.model import Draft, Outlet, Rejection

FIELDS = ("text", "title", "url", "published", "outlet", "language", "author")
# Names other tools use for the same fields; `published` is the documented one.
_ALIASES = {"published": ("date", "published_at", "pubdate", "time"), "text": ("body", "content")}
_CHUNK = 1 << 20


def split(source: str, stream: IO[bytes], max_bytes: int) -> Iterator[Item | Rejection]:
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(_CHUNK)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the oversized line without holding it
            yield Rejection(f"{source}:{number}", f"line too large: over {max_bytes:,} bytes (--max-bytes)", "jsonl")
            continue
        if line.strip():
            yield Item(f"{source}:{number}", "jsonl", line)


def _field(record: dict[str, Any], name: str) -> Any:
    for key in (name, *_ALIASES.get(name, ())):
        if record.get(key) not in (None, ""):
            return record[key]
    return None


def parse(item: Item) -> Draft:
    text, _ = decode(item.payload)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"not valid JSON: {exc.msg} at column {exc.colno}") from exc
    if not isinstance(record, dict):
        raise ReadError(f"a line must be a JSON object, not {type(record).__name__}")
    body = _field(record, "text")
    if not isinstance(body, str) or not body.strip():
        raise ReadError("missing required field 'text' (a non-empty string)")
    outlet = _field(record, "outlet")
    language = _field(record, "language")
    others = {
        k: v
        for k, v in record.items()
        if k not in FIELDS and isinstance(v, str | int | float | bool) and len(str(v)) <= 500
    }
    return Draft(
        source=item.source,
        reader="jsonl",
        paragraphs=split_paragraphs(body),
        raw=item.payload,
        url=_str(_field(record, "url")),
        title=_str(_field(record, "title")),
        author=_str(_field(record, "author")),
        outlet=Outlet(str(outlet), "metadata: record") if outlet else None,
        published=parse_published(_field(record, "published"), "jsonl"),
        language=_str(language),
        extra={"record": others} if others else {},
    )


def _str(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None
