"""The transformations that turn the labelled datasets into a news stream (benchmarks/stream.py).

Kept apart from the pipeline run and the scoring so they can be tested on tiny synthetic
documents without the data. Every random choice is seeded per article (by `seed` and a hash of
its text), so an article is dressed the same way in the full stream and in the quick subset;
only the choice of which articles lose their date is made over the stream, so that exactly
half do. The module docstring of stream.py lists the transformations in words.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stories as story_bench

OUTLETS_FILE = Path(__file__).resolve().parent / "stream_outlets.json"
CUT_MIN, CUT_MAX = 800, 2000  # a body keeps its first 800-2,000 characters, as crawlers keep openings
UNDATED_SHARE = 0.5  # articles whose printed date is removed
UNTITLED_SHARE = 1 / 3  # of the articles of a dataset without titles (ECB+, Timeline17)
BOILERPLATE_SHARE = 0.3  # of an outlet's articles that carry one of its boilerplate paragraphs
UNDATED_DRIFT = 3.0  # days an undated article may arrive before or after its true date
TITLE_MAX = 110  # characters of a title made from a first sentence
# ECB+ prints no dates: each gold event gets a day in these two years (where BASIL and the
# dense Timeline17 topics overlap), its documents that day or up to two days after.
ECB_SPAN = (date(2010, 1, 1), date(2011, 12, 31))
ECB_LAG = 2
DATASETS = ("ecbplus", "basil", "t17")

# Words whose period does not end a sentence (a cut must not stop at "Mr." or "Jan.").
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt capt gov sen rep rev st jr sr co corp inc ltd no vs etc "  # noqa: SIM905 (reads better as words)
    "jan feb mar apr jun jul aug sep sept oct nov dec mt ft ave".split()
)
_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s|$)")
_FINAL = re.compile(r"[.!?:][\"'”’)\]]*$")


@dataclass(frozen=True)
class Outlet:
    name: str
    domain: str
    title: str  # a format with {title}, {section}, {name}, {domain}
    sections: tuple[str, ...]
    boilerplate: tuple[str, ...]  # one or two paragraphs the outlet repeats across unrelated articles


@dataclass(frozen=True)
class Source:
    """One labelled article as benchmarks/stories.py feeds it, with its true date."""

    dataset: str  # ecbplus | basil | t17
    gold: str  # the gold event (ECB+, BASIL) or topic (Timeline17)
    group: str  # the topic a story may not cross (ECB+ topic, BASIL event, Timeline17 topic)
    record: dict[str, object]  # text, title, published where the dataset has them
    day: date  # the true date (ECB+: the one given to its event); for ordering and scoring only

    @property
    def key(self) -> str:
        return hashlib.sha1(str(self.record["text"]).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Streamed:
    """An article as the stream delivers it."""

    source: Source
    record: dict[str, object]  # the JSONL line
    at: float  # its place in the stream, in days (date ordinal plus the time of day)


def load_outlets(path: Path = OUTLETS_FILE) -> list[Outlet]:
    rows = json.loads(path.read_text("utf-8"))
    return [Outlet(r["name"], r["domain"], r["title"], tuple(r["sections"]), tuple(r["boilerplate"])) for r in rows]


# --- the datasets, with dates ------------------------------------------------------------------------


def ecbplus_sources(data: Path, split: str, seed: int) -> list[Source]:
    """ECB+ documents, each gold event given a random day in ECB_SPAN and its documents a day of
    that day to ECB_LAG days after (ECB+ prints no dates, and a stream needs them to interleave)."""
    span = (ECB_SPAN[1] - ECB_SPAN[0]).days + 1
    out: list[Source] = []
    for gold, topic, record in story_bench.ecbplus(data, split):
        event_day = ECB_SPAN[0] + timedelta(days=random.Random(f"{seed}:ecb-event:{gold}").randrange(span))
        source = Source("ecbplus", gold, topic, record, event_day)
        lag = _rng(seed, source, "lag").randint(0, ECB_LAG)
        out.append(Source("ecbplus", gold, topic, record, event_day + timedelta(days=lag)))
    return out


def basil_sources(data: Path, events: int | None = None, seed: int = 0) -> list[Source]:
    """BASIL's articles (three outlets per event); `events` takes that many events at random."""
    docs = story_bench.basil(data)
    if events is not None:
        keep = set(random.Random(f"{seed}:basil").sample(sorted({d[0] for d in docs}), events))
        docs = [d for d in docs if d[0] in keep]
    return [Source("basil", g, grp, r, date.fromisoformat(str(r["published"]))) for g, grp, r in docs]


def t17_sources(data: Path, limit: int | None = None) -> list[Source]:
    docs = story_bench.timeline17(data, limit)
    return [Source("t17", g, grp, r, date.fromisoformat(str(r["published"]))) for g, grp, r in docs]


# --- the transformations -----------------------------------------------------------------------------


def sentence_ends(text: str) -> list[int]:
    """Offsets just past each sentence end: final punctuation (not an abbreviation or an initial)
    followed by a space or the end, and every paragraph end."""
    ends = set()
    for match in _END.finditer(text):
        start = match.start()
        token = text[max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1 : start]
        if text[match.start()] == "." and (
            token.lower().strip("(\"'") in _ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Z]", token)
        ):
            continue
        ends.add(match.end())
    for match in re.finditer(r"[^\n]\n", text):
        ends.add(match.start() + 1)
    ends.add(len(text.rstrip()))
    return sorted(e for e in ends if e > 0)


def cut(text: str, limit: int) -> str:
    """The text's opening up to `limit` characters, ending at a sentence end (the first sentence
    whole if it is longer than the limit)."""
    text = text.strip()
    if len(text) <= limit:
        return text
    ends = sentence_ends(text)
    before = [e for e in ends if e <= limit]
    end = before[-1] if before else ends[0]
    return text[:end].rstrip()


def headline(text: str) -> tuple[str, str]:
    """A title for a text that has none, as a crawler would see one: a first line without final
    punctuation is a headline (taken out of the body); otherwise the first sentence (left in the
    body) is the title, shortened to TITLE_MAX characters at a word."""
    first, _, rest = text.strip().partition("\n")
    first = first.strip()
    if first and not _FINAL.search(first) and len(first) <= 150 and rest.strip():
        return first, rest.strip()
    end = sentence_ends(first)[0] if first else 0
    title = first[:end].strip()
    if len(title) > TITLE_MAX:
        title = title[: title.rfind(" ", 0, TITLE_MAX)].rstrip(",;:") + "..."
    return title, text.strip()


def dress_title(title: str, outlet: Outlet, section: str) -> str:
    """The title as the page's <title> prints it: with the outlet's suffix and section."""
    return outlet.title.format(title=title, section=section, name=outlet.name, domain=outlet.domain)


def url_for(outlet: Outlet, section: str, title: str | None, key: str) -> str:
    """A URL on the outlet's domain: section, a slug of the title, an id (no date in the path)."""
    slug = "-".join(re.findall(r"[a-z0-9]+", (title or "article").lower())[:8]) or "article"
    section_slug = "-".join(re.findall(r"[a-z0-9]+", section.lower()))
    return f"https://www.{outlet.domain}/{section_slug}/{slug}-{int(key[:10], 16)}"


def with_boilerplate(body: str, paragraph: str, after_first: bool) -> str:
    """The body with the paragraph after its first paragraph or at its end."""
    sep = "\n\n" if "\n\n" in body else "\n"
    parts = body.split(sep)
    if after_first and len(parts) > 1:
        return sep.join([parts[0], paragraph, *parts[1:]])
    return body + sep + paragraph


def dress(source: Source, outlet: Outlet, seed: int, dated: bool) -> Streamed:
    """One article through transformations 1-5 (see stream.py); `dated` keeps its printed date."""
    rng = _rng(seed, source, "dress")
    limit = rng.randint(CUT_MIN, CUT_MAX)
    section = rng.choice(outlet.sections)
    text = str(source.record["text"])
    title = source.record.get("title")
    if title is None and rng.random() >= UNTITLED_SHARE:
        title, text = headline(text)
    body = cut(text, limit)
    if outlet.boilerplate and rng.random() < BOILERPLATE_SHARE:
        body = with_boilerplate(body, rng.choice(outlet.boilerplate), after_first=rng.random() < 0.5)
    record: dict[str, object] = {"text": body}
    if title:
        record["title"] = dress_title(str(title), outlet, section)
    record["url"] = url_for(outlet, section, str(title) if title else None, source.key)
    record["outlet"] = outlet.name
    at = source.day.toordinal() + rng.random()
    if dated:
        record["published"] = source.day.isoformat()
    else:
        at += rng.uniform(-UNDATED_DRIFT, UNDATED_DRIFT)
    return Streamed(source, record, at)


def build(sources: list[Source], seed: int, outlets: list[Outlet] | None = None) -> list[Streamed]:
    """The stream: every article dressed by an outlet of its own, exactly UNDATED_SHARE of them
    (at random) without their date, all in order of their place in the stream."""
    outlets = outlets or load_outlets()
    undated = set(random.Random(f"{seed}:undated").sample(range(len(sources)), round(len(sources) * UNDATED_SHARE)))
    stream = [
        dress(s, outlets[_rng(seed, s, "outlet").randrange(len(outlets))], seed, dated=n not in undated)
        for n, s in enumerate(sources)
    ]
    return sorted(stream, key=lambda item: item.at)


def clean(stream: list[Streamed]) -> list[Streamed]:
    """The same articles untransformed (as stories.py feeds them, but every one dated: ECB+ with
    the date its event was given), in order of their true date."""
    ordered = sorted(stream, key=lambda item: (item.source.day, item.at))
    return [Streamed(i.source, i.source.record | {"published": i.source.day.isoformat()}, i.at) for i in ordered]


def shuffled(stream: list[Streamed], seed: int) -> list[Streamed]:
    """The same stream in a random arrival order."""
    out = list(stream)
    random.Random(f"{seed}:shuffle").shuffle(out)
    return out


def _rng(seed: int, source: Source, purpose: str) -> random.Random:
    return random.Random(f"{seed}:{purpose}:{source.key}")
