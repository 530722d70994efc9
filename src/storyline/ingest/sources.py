"""From what the user typed (files, folders, globs, `-`) to a stream of work items.

Everything here streams: a folder is walked lazily, a JSONL or WARC file is
split record by record, and nothing larger than one article is held in memory.
Every input that cannot be read becomes a Rejection naming it, never an
exception that would stop the batch.
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO

from storyline.ingest import feed, jsonl, warc
from storyline.ingest.detect import extension_format, sniff
from storyline.ingest.item import Item
from storyline.model import Notice, Rejection, printable

DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # no single news article is 10 MB of text
STDIN = "-"
_HEAD = 65536

Work = Item | Rejection | Notice


def expand(paths: list[str]) -> Iterator[str | Rejection]:
    """Paths of files to read, in a stable order, or rejections for what cannot be walked."""
    for given in paths:
        if given == STDIN:
            yield STDIN
            continue
        path = Path(given)
        if path.is_dir():
            yield from _walk(given)
        elif path.exists() or path.is_symlink():
            yield given
        elif glob.has_magic(given):
            matches = sorted(glob.glob(given, recursive=True))
            if not matches:
                yield Rejection(given, "no files match this pattern")
            for match in matches:
                yield from (_walk(match) if os.path.isdir(match) else [match])
        else:
            yield Rejection(given, "no such file or directory")


def _walk(folder: str) -> Iterator[str | Rejection]:
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        while errors:
            error = errors.pop()
            yield Rejection(str(error.filename or root), _os_reason(error))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and extension_format(name) is not None:
                yield os.path.join(root, name)
    for error in errors:
        yield Rejection(str(error.filename or folder), _os_reason(error))


def _os_reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    return (error.strerror or str(error)).lower()


def items(paths: list[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Work]:
    """Every work item of every input, containers split, failures as Rejections."""
    for entry in expand(paths):
        if isinstance(entry, Rejection):
            yield entry
            continue
        try:
            yield from _read(entry, max_bytes)
        except OSError as exc:
            yield Rejection(entry, _os_reason(exc))


def _read(path: str, max_bytes: int) -> Iterator[Work]:
    if path == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
        if data[:2] == b"\x1f\x8b":
            unpacked = _gunzip("<stdin>", data, max_bytes)
            if unpacked is None:
                yield Rejection("<stdin>", "corrupt or oversized gzip input", None, data[:max_bytes])
                return
            data = unpacked
        if len(data) > max_bytes:
            yield Rejection("<stdin>", _too_large(None, max_bytes))
            return
        yield from _whole("<stdin>", data, sniff(data[:_HEAD]))
        return
    status = os.stat(path)
    size = status.st_size
    if size == 0 and stat.S_ISREG(status.st_mode):
        # said here for every format: a container reader would see a truncated container
        yield Rejection(path, "empty input", extension_format(path))
        return
    with open(path, "rb") as handle:
        head = handle.read(_HEAD)
        fmt = sniff(head, path)
        handle.seek(0)
        if fmt == "warc":
            yield from _with_raw(path, warc.split(path, handle, max_bytes), handle, size, max_bytes)
        elif fmt == "jsonl" and head.lstrip()[:1] == b"[":
            if size > max_bytes:
                yield Rejection(path, _too_large(size, max_bytes), fmt)
            else:
                yield from jsonl.split_array(path, handle.read())
        elif fmt == "jsonl":
            # the gzip wrapper is closed with `handle` by the enclosing `with`
            stream: IO[bytes] = gzip.open(handle) if head[:2] == b"\x1f\x8b" else handle  # type: ignore[assignment]  # noqa: SIM115
            yield from _with_raw(path, jsonl.split(path, stream, max_bytes), handle, size, max_bytes)
        elif size > max_bytes:
            yield Rejection(path, _too_large(size, max_bytes), fmt)
        else:
            data = handle.read()
            if data[:2] == b"\x1f\x8b":
                unpacked = _gunzip(path, data, max_bytes)
                if unpacked is None:
                    yield Rejection(path, "corrupt or oversized gzip file", fmt, data)
                    return
                data = unpacked
            yield from _whole(path, data, fmt)


def _with_raw(path: str, work: Iterator[Work], handle: IO[bytes], size: int, max_bytes: int) -> Iterator[Work]:
    """A container's rejection of the whole file (a corrupt WARC, a damaged .jsonl.gz)
    keeps the file's bytes, like any other rejection under the size limit. It is the
    container's last word, so the file can be read again from the start."""
    for entry in work:
        if (
            isinstance(entry, Rejection)
            and entry.source == printable(path, None)
            and entry.raw is None
            and size <= max_bytes
        ):
            handle.seek(0)
            entry = replace(entry, raw=handle.read(max_bytes + 1))
        yield entry


def _whole(source: str, data: bytes, fmt: str) -> Iterator[Work]:
    if fmt == "feed":
        yield from feed.split(source, data)
    elif fmt == "jsonl":
        stream = io.BytesIO(data)
        yield from _with_raw(source, jsonl.split(source, stream, len(data) + 1), stream, len(data), len(data))
    elif fmt == "warc":
        stream = io.BytesIO(data)
        yield from _with_raw(source, warc.split(source, stream, len(data) + 1), stream, len(data), len(data))
    else:
        yield Item(source, fmt, data)


def _gunzip(path: str, data: bytes, max_bytes: int) -> bytes | None:
    import zlib

    try:
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = decompressor.decompress(data, max_bytes + 1)
    except zlib.error:
        return None
    # not at the end of the stream: either over the limit or cut short
    return out if decompressor.eof and len(out) <= max_bytes else None


def _too_large(size: int | None, max_bytes: int) -> str:
    shown = f"{size / 1e6:,.1f} MB" if size is not None else "input"
    return f"too large for one article: {shown} over the {max_bytes / 1e6:,.1f} MB limit (--max-bytes)"
