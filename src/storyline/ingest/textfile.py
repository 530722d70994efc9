"""Plain-text news files: a saved page, a crawler's dump, a copy-paste.

Such files have a layout without markup: an optional crawl header, a headline,
bylines and date lines near the top, captions and footers around the text. The
reader finds the metadata in that layout, moves it to fields, and removes the
residue lines from the body while keeping every line in the raw record and the
removed ones, with their kind, in `extra["removed"]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from storyline.ingest import outlets, residue
from storyline.ingest.dates import date_line, find_date
from storyline.ingest.decode import decode
from storyline.ingest.item import Item
from storyline.model import Draft, Outlet, PublishedDate

# A crawler's header line: "date 2025-06-02 Zelensky" (the date and the search keyword).
# Every pattern here runs on whole input lines, which can be megabytes long: none has two
# quantifiers that can match the same characters next to each other (the cause of quadratic or
# exponential backtracking), or it runs on a bounded prefix of the line.
_CRAWL_HEADER = re.compile(r"^\s*(?:date|crawled|fetched)(?:\s*[:=])?\s+(\d{4}-\d{2}-\d{2})\b\s*(.*)$", re.I)
_BYLINE = re.compile(r"^\s*by\s+(\S.*)$", re.I)
# Words are joined by spaces only: a hyphen is already a word character ("AL-ARISH"), and a
# separator that could also be part of a word makes the match exponential in the line's length.
_DATELINE = re.compile(
    r"^([A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+)*(?:,\s*[A-Z][\w'. -]{1,30}?)?)\s*(?:\(([^)]{1,30})\)\s*)?[:—–-]\s+\S"
)
_DATELINE_MAX = 120  # the place and credit open the paragraph: only its start is looked at
_HEAD_LINES = 6  # bylines and date lines are looked for among the first content lines
_BYLINE_MAX = 200  # a byline names people, an outlet and a date: a longer line is text
_TITLE_MAX_WORDS = 30


@dataclass
class _Layout:
    """What the reader learns while walking the lines."""

    published: PublishedDate | None = None
    url: str | None = None
    author: str | None = None
    outlet: Outlet | None = None
    keyword: str | None = None
    removed: list[dict[str, str]] = field(default_factory=list)

    def remove(self, line: str, kind: str) -> None:
        self.removed.append({"kind": kind, "line": line})

    def date(self, day: date, origin: str) -> None:
        if self.published is None:
            self.published = PublishedDate.from_parts(day.year, day.month, day.day, origin)


def parse(item: Item) -> Draft:
    text, encoding = decode(item.payload)
    layout = _Layout()
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = _take_crawl_header(lines, layout)
    lines = _take_residue(lines, layout)
    lines = _take_head_metadata(lines, layout)
    lines = _take_footer(lines, layout)
    title, lines = _take_title(lines)
    paragraphs = _paragraphs(lines)
    extra: dict[str, object] = {"encoding": encoding, "removed": layout.removed}
    if layout.keyword:
        extra["crawl_keyword"] = layout.keyword
    if paragraphs and (dateline := _dateline(paragraphs[0])):
        extra["dateline"] = dateline
    return Draft(
        source=item.source,
        reader="text",
        paragraphs=paragraphs,
        raw=item.payload,
        url=layout.url or item.meta.get("url"),
        title=title,
        author=layout.author,
        outlet=layout.outlet,
        published=layout.published,
        extra=extra,
    )


def _take_crawl_header(lines: list[str], layout: _Layout) -> list[str]:
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        match = _CRAWL_HEADER.match(line)
        if match:
            layout.remove(line, "crawl-header")
            day = date.fromisoformat(match.group(1))
            layout.date(day, "crawl-header")
            layout.keyword = match.group(2).strip() or None
            return lines[:i] + lines[i + 1 :]
        break
    return lines


def _take_residue(lines: list[str], layout: _Layout) -> list[str]:
    kept: list[str] = []
    for line in lines:
        kind = residue.classify(line)
        if kind is None:
            kept.append(line)
            continue
        layout.remove(line, kind)
        if kind in ("source", "url"):
            value = residue.source_line(line) or line
            url = residue.join_url(value)
            if url and layout.url is None:
                layout.url = url
            elif url is None and outlets.is_known(value):
                layout.outlet = layout.outlet or Outlet(value.strip(), "credit: source line")
    return kept


def _take_head_metadata(lines: list[str], layout: _Layout) -> list[str]:
    """Bylines and date lines: only near the top, where pages print them."""
    kept: list[str] = []
    seen = 0
    for line in lines:
        if not line.strip() or seen >= _HEAD_LINES:
            kept.append(line)
            continue
        seen += 1
        if _byline(line, layout) or _date_only(line, layout):
            continue
        kept.append(line)
    return kept


def _byline(line: str, layout: _Layout) -> bool:
    if len(line) > _BYLINE_MAX:
        return False
    match = _BYLINE.match(line)
    if not match or residue.words(line) > 15 or (residue.ends_sentence(line) and not find_date(line)):
        return False
    who = match.group(1)
    found = find_date(who)
    if found is not None:
        day, (start, _) = found
        layout.date(day, "byline")
        who = who[:start]
    who = re.sub(r"[\s|,;–—-]+(?:on|published|updated)?\s*$", "", who.strip(), flags=re.I).strip()
    if not who or residue.words(who) > 8:  # "By the CNN Wire Staff A Libyan mourner fires" is a sentence
        return False
    names = [part.strip() for part in re.split(r"\s*[,|]\s*", who) if part.strip()]
    people = [n for n in names if not outlets.is_known(n)]
    agencies = [n for n in names if outlets.is_known(n)]
    if agencies:
        layout.outlet = Outlet(agencies[0], "byline")
    if people:
        layout.author = ", ".join(people)
    layout.remove(line, "byline")
    return True


def _date_only(line: str, layout: _Layout) -> bool:
    day = date_line(line)
    if day is None:
        return False
    layout.date(day, "dateline")
    layout.remove(line, "date")
    return True


def _take_footer(lines: list[str], layout: _Layout) -> list[str]:
    """After a copyright or source line in the last part of a text, what follows is
    the page's footer: short lines there are removed with it."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    markers = {r["line"] for r in layout.removed if r["kind"] in ("copyright", "source")}
    if not content or not markers:
        return lines
    # walk back from the end over short lines that end no sentence
    tail_start = content[-1] + 1
    for i in reversed(content):
        if residue.words(lines[i]) <= 12 and not residue.ends_sentence(lines[i]) and i >= len(lines) * 2 // 3:
            tail_start = i
            continue
        break
    if tail_start > content[-1]:
        return lines
    for line in lines[tail_start:]:
        if line.strip():
            layout.remove(line, "footer")
    return lines[:tail_start]


def _take_title(lines: list[str]) -> tuple[str | None, list[str]]:
    content = [i for i, line in enumerate(lines) if line.strip()]
    if len(content) < 2:
        return None, lines
    first = lines[content[0]].strip()
    if not _headline(first):
        return None, lines
    return first, lines[: content[0]] + lines[content[0] + 1 :]


def _headline(line: str) -> bool:
    """Short, several words, and not ending or opening like a sentence of the body."""
    if len(line) > 250 or not 2 <= residue.words(line) <= _TITLE_MAX_WORDS:
        return False
    opens_quote = line[0] in "\"'“‘«"
    ends_sentence = line.endswith((",", ";", ":", "…")) or re.search(r"[.]\W*$", line) is not None
    return not (opens_quote or ends_sentence)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a clean text (no residue removal): for JSONL and similar."""
    return _paragraphs(text.replace("\r\n", "\n").split("\n"))


def _paragraphs(lines: list[str]) -> list[str]:
    """Blocks between blank lines; a block's lines are one paragraph only where
    they are a hard-wrapped sentence (a line ends mid-sentence and the next goes on
    in lower case), since many saved pages put one paragraph on each line."""
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        text = line.strip()
        if not text:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if current and not residue.ends_sentence(current) and text[:1].islower():
            current += " " + text
        else:
            if current:
                paragraphs.append(current)
            current = text
    if current:
        paragraphs.append(current)
    return [re.sub(r"[ \t]+", " ", p) for p in paragraphs]


def _dateline(first: str) -> dict[str, str] | None:
    """ "ISTANBUL, Turkiye: ..." or "KYIV (Reuters) - ...": the place, and the credit if any."""
    match = _DATELINE.match(first[:_DATELINE_MAX])
    if not match or not match.group(1).split(",")[0].isupper():
        return None
    found = {"place": match.group(1).strip()}
    if match.group(2):
        found["credit"] = match.group(2).strip()
    return found
