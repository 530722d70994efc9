"""Headlines without the site's suffix: "Dam bursts | World | example.com" is "Dam bursts".

Pages print their title with the site's name and section after a separator, and the same
suffix on every article of a site pulls its unrelated articles together (the title is a
field that stories compare). Only *trailing* segments are removed, one at a time from the
end, and only while the last one is recognised:

- it names the outlet: its name or an alias (data/ingest/outlets.tsv), its domain, or the
  domain's name with only masthead words around it (data/ingest/masthead_words.txt: "The
  Daily Example" on example.com, "Sky News" on news.sky.com);
- it is a section name (data/ingest/sections.txt: "World", "Politics", "US");
- it is a suffix several headlines of the outlet end with (`strip_repeated`, run by the
  ingest writer, which sees every title of the outlet through the store).

A segment that is part of the headline matches none of these, and removal stops there:
"Biden - Putin summit ends" keeps "Putin summit ends", and so does everything before it.
A section or repeated suffix is removed only when at least `MIN_HEAD_WORDS` words remain
("Brexit - Politics" stays whole: too little would be left to tell it is a suffix).
The raw title is kept with the raw input; what was removed is in `extra["title_suffix"]`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from typing import Protocol

from storyline import data
from storyline.ingest import outlets
from storyline.model import Article, Outlet
from storyline.text import words

# " | ", " - ", " – ", " — ", " :: " (and bullets): spaced, so "Putin-Biden" is one segment
_SEPARATOR = re.compile(r"(\s+(?:\||-|–|—|::|·|•)\s+)")
MIN_HEAD_WORDS = 2  # words a section or a repeated suffix must leave of the headline
MAX_OUTLET_WORDS = 5  # a longer segment holding the domain's name is a headline ("... at Example's HQ")
REPEAT = 3  # distinct headlines of one outlet ending with a suffix that make it the site's
MAX_SUFFIX_SEGMENTS = 2  # trailing segments recorded per title for `strip_repeated`
MAX_SUFFIX_WORDS = 6
# host labels that name no site ("news.sky.com" is Sky's, "bbc.co.uk" the BBC's)
_GENERIC_LABELS = frozenset(
    {"www", "m", "amp", "mobile", "edition", "news", "co", "com", "org", "net", "gov", "ac", "uk", "us"}
)
SUFFIX_KEY = "title_suffix"  # the key of `Article.extra` that keeps what was removed


@cache
def sections() -> frozenset[str]:
    return frozenset(" ".join(words(line)) for line in data.lines("ingest", "sections.txt"))


def _folded(text: str) -> str:
    return " ".join(words(text))


def _compact(text: str) -> str:
    return "".join(words(text))


def _outlet_names(outlet: Outlet | None, url: str | None) -> tuple[frozenset[str], tuple[str, ...]]:
    """(names, labels): the compact forms a segment naming the outlet equals, and the
    site names (from the URL's host) such a segment may hold."""
    names: set[str] = set()
    host = outlets.site(url)
    printed = [outlet.name] if outlet is not None else []
    from_url, _ = outlets.from_url(url)
    if from_url is not None:
        printed.append(from_url.name)
    for name in printed:
        names.add(_compact(name))
        entry = outlets.known(name)
        if entry is not None:
            names |= {_compact(n) for n in (entry.name, *entry.aliases, *entry.domains)}
    labels: tuple[str, ...] = ()
    if host:
        names.add(_compact(host))
        parts = host.split(".")
        labels = tuple(p for p in parts[:-1] if p not in _GENERIC_LABELS and len(p) >= 3)
    names.discard("")
    return frozenset(names), labels


@cache
def masthead_words() -> frozenset[str]:
    return frozenset(_compact(line) for line in data.lines("ingest", "masthead_words.txt"))


def _masthead(compact: str, label: str) -> bool:
    """Whether a segment (compact: its words run together) is the site's name `label` with
    only masthead words around it: "thedailyexample" for "example", not "whatnextforlabour"."""
    at = compact.find(label)
    return at >= 0 and _made_of_masthead_words(compact[:at]) and _made_of_masthead_words(compact[at + len(label) :])


def _made_of_masthead_words(text: str) -> bool:
    if not text:
        return True
    return any(text.startswith(w) and _made_of_masthead_words(text[len(w) :]) for w in masthead_words())


def split(title: str) -> tuple[list[str], list[str]]:
    """(segments, separators between them), as printed."""
    pieces = _SEPARATOR.split(title)
    return pieces[0::2], pieces[1::2]


def starts_with_separator(text: str) -> bool:
    """Whether the text opens with a title separator (what follows a headline in a page title)."""
    return _SEPARATOR.match(text) is not None


def clean(
    title: str | None, outlet: Outlet | None = None, url: str | None = None, *, also: Outlet | None = None
) -> tuple[str | None, str]:
    """(the headline, the suffix removed as printed, "" when none) by the outlet and section rules.

    `outlet` is the article's outlet, `also` another name the page gave (a site name the
    evidence of a credit outranked): a segment naming either is the site's."""
    if not title:
        return title, ""
    segments, separators = split(title)
    names, labels = _outlet_names(outlet, url)
    if also is not None:
        names |= _outlet_names(also, None)[0]
    keep = len(segments)
    while keep > 1:
        segment = segments[keep - 1]
        head_words = len(words(" ".join(segments[: keep - 1])))
        if head_words == 0:
            break
        compact = _compact(segment)
        names_outlet = compact in names or (
            len(words(segment)) <= MAX_OUTLET_WORDS and any(_masthead(compact, label) for label in labels)
        )
        is_section = head_words >= MIN_HEAD_WORDS and _folded(segment) in sections()
        if not (names_outlet or is_section):
            break
        keep -= 1
    return _cut(title, segments, separators, keep)


def _cut(title: str, segments: list[str], separators: list[str], keep: int) -> tuple[str, str]:
    if keep == len(segments):
        return title, ""
    head = segments[0] + "".join(sep + seg for sep, seg in zip(separators[: keep - 1], segments[1:keep], strict=True))
    return head, title[len(head) :]


def suffixes(title: str) -> list[tuple[str, str, int]]:
    """(suffix, head, segments kept) for each run of the last 1..MAX_SUFFIX_SEGMENTS segments,
    folded: what `strip_repeated` records and looks up."""
    segments, _ = split(title)
    found = []
    for n in range(1, min(MAX_SUFFIX_SEGMENTS, len(segments) - 1) + 1):
        keep = len(segments) - n
        tail = segments[keep:]
        head = _folded(" ".join(segments[:keep]))
        if len(head.split()) < MIN_HEAD_WORDS or sum(len(words(s)) for s in tail) > MAX_SUFFIX_WORDS:
            break
        found.append((" | ".join(_folded(s) for s in tail), head, keep))
    return found


class SuffixTables(Protocol):
    """The store's record of title suffixes (store/articles.py)."""

    def add_title_suffixes(self, rows: Sequence[tuple[str, str, str]]) -> None: ...

    def title_suffix_heads(self, outlet: str, suffix: str, limit: int) -> int: ...


def strip_repeated(tables: SuffixTables, articles: Sequence[Article]) -> list[Article]:
    """The articles with the suffixes their outlet repeats removed from their titles.

    Each title's trailing segments are recorded first (for the whole batch), then each title
    loses the longest suffix that `REPEAT` distinct headlines of its outlet end with, so a
    batch decides with all of its titles. A title stored before its suffix was seen often
    enough keeps it (its features may already be computed from it)."""
    rows: list[tuple[str, str, str]] = []
    keyed: list[tuple[str | None, list[tuple[str, str, int]]]] = []
    for a in articles:
        key = outlets.template_key(a.outlet, a.url)
        found = suffixes(a.title) if key and a.title else []
        keyed.append((key, found))
        rows.extend((key, suffix, head) for suffix, head, _ in found if key)
    if not rows:
        return list(articles)
    tables.add_title_suffixes(rows)
    counts: dict[tuple[str, str], int] = {}
    done: list[Article] = []
    for a, (key, found) in zip(articles, keyed, strict=True):
        cut = None
        for suffix, _, keep in reversed(found):  # the longest suffix first
            if key is None:
                break
            if (key, suffix) not in counts:
                counts[key, suffix] = tables.title_suffix_heads(key, suffix, REPEAT)
            if counts[key, suffix] >= REPEAT:
                cut = keep
                break
        if cut is None or a.title is None:
            done.append(a)
            continue
        segments, separators = split(a.title)
        head, removed = _cut(a.title, segments, separators, cut)
        cleaner, more = clean(head, a.outlet, a.url)  # a section before the repeated suffix
        head, removed = cleaner or head, more + removed
        extra = dict(a.extra)
        extra[SUFFIX_KEY] = removed + extra.get(SUFFIX_KEY, "")
        done.append(replace(a, title=head, extra=extra))
    return done
