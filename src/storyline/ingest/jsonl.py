"""JSONL: one article per line, `text` required.

The file is read line by line with a bounded line length, so a file of any size
streams in flat memory; a broken line is rejected on its own (as `file:LINE`)
and the lines around it are read.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from typing import IO, Any

from storyline.ingest.dates import dropped, read_published
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
    try:
        while True:
            line = stream.readline(max_bytes + 1)
            if not line:
                return
            number += 1
            if len(line) > max_bytes and not line.endswith(b"\n"):
                while (rest := stream.readline(_CHUNK)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of the oversized line without holding it
                reason = f"line too large: over {max_bytes:,} bytes (--max-bytes)"
                yield Rejection(f"{source}:{number}", reason, "jsonl")
                continue
            if line.strip():
                yield Item(f"{source}:{number}", "jsonl", line)
    # A damaged .jsonl.gz fails while it is read: the lines before the damage are kept.
    except (OSError, EOFError, zlib.error) as exc:
        reason = str(exc).strip() or type(exc).__name__
        yield Rejection(source, f"unreadable after line {number}: {reason}", "jsonl")


def split_array(source: str, data: bytes) -> Iterator[Item | Rejection]:
    """A `.json` file holding one array of article objects (read whole, under the size limit)."""
    try:
        records = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        yield Rejection(source, f"not valid JSON: {exc}", "jsonl", data)
        return
    if not isinstance(records, list):
        yield Rejection(source, "a .json file must hold an array of article objects", "jsonl", data)
        return
    for number, record in enumerate(records, 1):
        yield Item(f"{source}#{number}", "jsonl", json.dumps(record, ensure_ascii=False).encode("utf-8"))


def _field(record: dict[str, Any], name: str) -> Any:
    for key in (name, *_ALIASES.get(name, ())):
        if record.get(key) not in (None, ""):
            return record[key]
    return None


def parse(item: Item) -> Draft:
    text, encoding = decode(item.payload)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        # some messages end in "at" ("Invalid control character at"): the column follows once
        raise ReadError(f"not valid JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}") from exc
    if not isinstance(record, dict):
        raise ReadError(f"a line must be a JSON object, not {type(record).__name__}")
    body = _field(record, "text")
    if body is None or (isinstance(body, str) and not body.strip()):
        raise ReadError("missing required field 'text' (a non-empty string)")
    if not isinstance(body, str):
        name = next(key for key in ("text", *_ALIASES["text"]) if record.get(key) not in (None, ""))
        raise ReadError(f"field '{name}' must be a string, not {_json_type(body)}")
    given = _field(record, "published")
    published, problem = read_published(given, "jsonl")
    warnings = [dropped(given, problem)] if problem else []
    outlet = _field(record, "outlet")
    language = _field(record, "language")
    others = {
        k: v
        for k, v in record.items()
        if k not in FIELDS and isinstance(v, str | int | float | bool) and len(str(v)) <= 500
    }
    extra: dict[str, Any] = {"record": others} if others else {}
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        extra["encoding"] = encoding  # a line that is not UTF-8: the user is told how it was read
    return Draft(
        source=item.source,
        reader="jsonl",
        paragraphs=split_paragraphs(body),
        raw=item.payload,
        url=_str(_field(record, "url")),
        title=_str(_field(record, "title")),
        author=_str(_field(record, "author")),
        outlet=Outlet(str(outlet), "metadata: record") if outlet else None,
        published=published,
        language=_str(language),
        extra=extra,
        warnings=warnings,
    )


def _json_type(value: Any) -> str:
    """A value's type in JSON's words, as the user wrote it."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _str(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None
