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

from storyline.ingest.item import Item
from storyline.model import Notice, Rejection


def split(source: str, stream: IO[bytes], max_bytes: int) -> Iterator[Item | Rejection | Notice]:
    found = 0
    try:
        for number, record in enumerate(ArchiveIterator(stream), 1):
            if record.rec_type not in ("response", "resource"):
                continue
            headers = record.http_headers
            content_type = (headers or record.rec_headers).get_header("Content-Type") or ""
            if "html" not in content_type.lower():
                continue
            if headers is not None and headers.get_statuscode() not in ("200", None):
                continue
            label = f"{source}#{number}"
            payload = record.content_stream().read(max_bytes + 1)
            if len(payload) > max_bytes:
                yield Rejection(label, f"record too large: over {max_bytes:,} bytes (--max-bytes)", "warc")
                continue
            found += 1
            meta = {
                "url": record.rec_headers.get_header("WARC-Target-URI"),
                "capture_date": record.rec_headers.get_header("WARC-Date"),
                "container": "warc",
            }
            yield Item(label, "html", payload, meta)
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        yield Rejection(source, f"corrupt WARC after {found} HTML records: {reason}", "warc")
        return
    if found == 0:
        yield Rejection(source, "WARC has no HTML response records", "warc")
