"""WARC archives through warcio: each HTML response record becomes an article.

Records are read one at a time from the stream, so an archive of any size
takes the memory of its largest record; a corrupt record ends the archive with
a reason, and the records before it are kept.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from storyline.ingest.item import Item
from storyline.model import Notice, Rejection

_DRAIN = 1 << 16


class _Truncated(Exception):
    """The archive ends inside a record or a gzip member: a cut-off file."""


class _Archive(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator, except that a file ending inside a record's headers or
    inside a gzip member is an error: warcio reads either as the archive's end."""

    def _next_record(self, next_line: bytes | None) -> ArcWarcRecord:
        line = next_line if next_line is not None else self.reader.readline()
        member = self.reader.decompressor
        if not line and member is not None and not member.eof:
            raise _Truncated("the file ends inside a gzip member")
        try:
            return super()._next_record(line or None)
        except EOFError:
            if line and line.strip():
                raise _Truncated("the file ends inside a record's headers") from None
            raise


def split(source: str, stream: IO[bytes], max_bytes: int) -> Iterator[Item | Rejection | Notice]:
    found = pages = number = 0  # HTML records read, HTML records seen (some may be too large), records read
    try:
        for number, record in enumerate(_Archive(stream), 1):
            work = _work(source, number, record, max_bytes)
            damage = _cut_short(record)
            if damage:
                raise _Truncated(f"record {number} {damage}")
            if work is not None:
                found += isinstance(work, Item)
                pages += 1
                yield work
    # A damaged archive makes warcio fail in many ways (a None header, a short gzip
    # member, a bad status line): each ends the archive with a reason, never the run.
    except Exception as exc:
        if number == 0 and _not_an_archive(exc):
            yield Rejection(source, "not a WARC file: it does not start with a WARC or ARC record header", "warc")
            return
        yield Rejection(source, f"corrupt WARC after {found} HTML records: {_reason(exc, number + 1)}", "warc")
        return
    if pages == 0:
        yield Rejection(source, "WARC has no HTML response records", "warc")


def _not_an_archive(exc: Exception) -> bool:
    """warcio's word for a first line that is no record header."""
    return isinstance(exc, ArchiveLoadFailed) and "first line" in str(exc)


def _reason(exc: Exception, number: int) -> str:
    """What is wrong with the archive, in our words where warcio's would quote the damaged
    bytes or name its own code (`'NoneType' object has no attribute 'startswith'`)."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, _Truncated):
        return message
    if isinstance(exc, ArchiveLoadFailed):
        if "first line" in message:  # "Invalid WARC record, first line: [...the bytes...]"
            return f"record {number} does not start with a WARC record header"
        return message or f"record {number} cannot be read"
    if isinstance(exc, zlib.error):
        return f"damaged gzip data at record {number} ({message or 'zlib error'})"
    if isinstance(exc, OSError | EOFError) and message:
        return f"{message} (record {number})"
    # warcio's own failures on headers it cannot parse (AttributeError, ValueError, ...)
    return f"record {number} has malformed headers"


def _work(source: str, number: int, record: ArcWarcRecord, max_bytes: int) -> Item | Rejection | None:
    """The record's item if it is an HTML page captured with status 200, else None."""
    if record.rec_type not in ("response", "resource"):
        return None
    headers = record.http_headers
    content_type = (headers or record.rec_headers).get_header("Content-Type") or ""
    if "html" not in content_type.lower():
        return None
    if headers is not None and headers.get_statuscode() not in ("200", None):
        return None
    label = f"{source}#{number}"
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        return Rejection(label, f"record too large: over {max_bytes:,} bytes (--max-bytes)", "warc")
    meta = {
        "url": record.rec_headers.get_header("WARC-Target-URI"),
        "capture_date": record.rec_headers.get_header("WARC-Date"),
        "container": "warc",
    }
    return Item(label, "html", payload, meta)


def _cut_short(record: ArcWarcRecord) -> str | None:
    """Why the record is incomplete, if it is: a cut-off file or gzip member.

    warcio reads a cut-off record without complaint, up to where the file ends;
    reading the record to its end shows how many of its declared bytes are missing."""
    declared = record.rec_headers.get_header("Content-Length") or ""
    if record.format == "warc" and not declared.strip().isdigit():
        return "has no valid Content-Length (its headers are cut short)"
    stream = record.raw_stream
    while stream.read(_DRAIN):
        pass
    left = getattr(stream, "limit", 0)
    if isinstance(left, int) and left > 0:
        return f"is cut short ({left:,} of its bytes are missing)"
    return None
