"""The unit of work that crosses from the main process to a parser worker.

Container formats (JSONL, WARC, feeds) are split into items in the main process,
streaming, so memory stays flat however large the container; the expensive part
(HTML extraction, text cleaning, language identification) runs on items in
worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Item:
    source: str  # what a user would type to find it again: path, path:line, path#record
    reader: str  # which parser: text | html | feed | jsonl (a WARC's records are html)
    payload: bytes
    meta: dict[str, Any] = field(default_factory=dict)  # what the container knew: url, date, outlet


class ReadError(ValueError):
    """An input a reader cannot make an article of; the message is the one-line reason."""
