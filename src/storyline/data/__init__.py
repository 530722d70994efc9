"""The data Storyline ships: one folder per concern (text, ingest, dates, speech, actors,
entities, signals), read through this loader and nowhere else.

Every file is UTF-8 text, one entry a line; a line that is blank or starts with `#`
is not an entry. Tables are tab-separated. Files are read once per process.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def text(*path: str) -> str:
    """The whole file at `path` under this package, e.g. `text("dates", "lexicon.tsv")`."""
    return resources.files(__name__).joinpath(*path).read_text("utf-8")


def lines(*path: str) -> list[str]:
    """The file's entries: its lines that are neither blank nor comments, as printed."""
    return [line for line in text(*path).splitlines() if line.strip() and not line.startswith("#")]


def rows(*path: str) -> list[list[str]]:
    """The entries of a tab-separated table, split into their columns."""
    return [line.split("\t") for line in lines(*path)]
