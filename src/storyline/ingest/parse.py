"""Turning one work item into an Article: the part that runs in worker processes.

A reader's failure on one item becomes a Rejection for that item; nothing a
single input contains may stop the batch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from storyline.ingest import feed, html, jsonl, textfile
from storyline.ingest.finalize import _identifier, finalize
from storyline.ingest.item import Item, ReadError
from storyline.model import Article, Draft, Notice, Rejection

log = logging.getLogger(__name__)

PARSERS: dict[str, Callable[[Item], Draft]] = {
    "text": textfile.parse,
    "html": html.parse,
    "feed": feed.parse,
    "jsonl": jsonl.parse,
}
_PLAIN_ENCODINGS = {"utf-8", "ascii", "utf-8-sig"}

_identifier()  # load the language model at import: forkserver workers inherit it instead of each loading it

Result = Article | Rejection | Notice


def parse_item(item: Item) -> list[Result]:
    raw = item.payload
    try:
        draft = PARSERS[item.reader](item)
        article = finalize(draft)
    except ReadError as exc:
        return [Rejection(item.source, str(exc), item.reader, raw or None)]
    except Exception as exc:  # a reader's bug must not stop the batch; the input is kept to reproduce it
        log.exception("reader %s failed on %s", item.reader, item.source)
        # the exception's text is for the log: it names our code, not what is wrong with the input
        reason = f"the {item.reader} reader failed on this input (internal error {type(exc).__name__}, logged)"
        return [Rejection(item.source, reason, item.reader, raw or None)]
    if not article.body.strip():
        return [Rejection(item.source, "no article text left after removing page residue", item.reader, raw or None)]
    results: list[Result] = [Notice(item.source, warning) for warning in draft.warnings]
    encoding = draft.extra.get("encoding")
    if encoding and encoding not in _PLAIN_ENCODINGS:
        results.append(Notice(item.source, f"not valid UTF-8: decoded as {encoding}"))
    results.append(article)
    return results


def parse_chunk(chunk: list[Item]) -> list[Result]:
    return [result for item in chunk for result in parse_item(item)]
