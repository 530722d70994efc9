"""Which reader an input needs: by its content first, its name second.

Content wins because names lie (a `.html` that is plain text, a feed saved as
`.txt`, a JSONL file called `.json`); the extension decides only when the first
bytes say nothing.
"""

from __future__ import annotations

import gzip
import re
import zlib

FORMATS = ("text", "html", "feed", "warc", "jsonl")

# Extensions that a folder walk takes; an explicitly named file is always read.
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".rdf": "feed",
    ".warc": "warc",
    ".arc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}

_FEED = re.compile(rb"<(rss|feed|rdf:RDF|channel)[\s>]", re.I)
_TAG = re.compile(rb"<[!?/]?[a-z]", re.I)
_HTML = re.compile(rb"<(!doctype\s+html|html|head|body|article|div|p|meta|title)[\s>/]", re.I)


def extension_format(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    for ext, fmt in EXTENSIONS.items():
        if lower.endswith(ext):
            return fmt
    return None


def sniff(head: bytes, name: str = "") -> str:
    """Decide the format from the first few KB of the (decompressed) input."""
    if head[:2] == b"\x1f\x8b":
        try:
            head = gzip.decompress(head)  # a whole small file
        except (OSError, EOFError, zlib.error):  # a head cut from a larger file, or corrupt data
            head = _gunzip_prefix(head)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    window = stripped[:4096]
    if window.startswith(b"<"):
        if _FEED.search(window) and not window.lower().startswith(b"<!doctype html"):
            return "feed"
        if _HTML.search(window):
            return "html"
    if stripped.startswith(b"{") or (stripped.startswith(b"[") and extension_format(name) == "jsonl"):
        return "jsonl"  # a .json file holding an array of articles is read like JSONL
    by_name = extension_format(name)
    if by_name in ("html", "feed") and not _TAG.search(stripped.replace(b"\x00", b"")):
        return "text"  # a page or feed without a single tag is plain text, whatever its name
    return by_name or "text"


def _gunzip_prefix(data: bytes) -> bytes:
    """The start of a gzip stream whose end we do not have (we read only a head)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, 65536)
    except zlib.error:
        return b""
