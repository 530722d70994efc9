"""Inputs shared by the reader, source and bad-input tests.

Every input is built by the tests themselves (in tmp_path): a news page with the
clutter real pages carry, RSS and Atom feeds, WARC archives written with warcio,
distinct article texts. The fixtures return builders, so each test states the
variant it needs at the call site.
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from typer.testing import Result as CliResult
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.cli import app
from storyline.ingest.item import Item
from storyline.ingest.parse import Result, parse_item
from storyline.ingest.sources import DEFAULT_MAX_BYTES, items

HARBOUR = [
    "The harbour council voted on Thursday to approve a new ferry line linking the old town with the northern islands, ending a debate that had lasted almost two years.",
    "Councillors backed the plan by eleven votes to four after the transport committee presented revised figures showing the service would cover its running costs within five years.",
    "Residents of the islands, who currently rely on a single morning boat, welcomed the decision and said the new timetable would let them commute to jobs on the mainland.",
]

# Strings of the page around the article: none of them may reach an article body.
CLUTTER = [
    "Politics desk",
    "Sport pages",
    "We use cookies to improve your experience",
    "Sidebar story about gardening tips",
    "Reader comment: this ferry will never run on time",
    "Privacy policy and terms",
    "Copyright 2025 The Coastal Herald",
]

_TOPICS = ["harbour", "railway", "school", "hospital", "library", "bridge", "market", "stadium", "museum", "airport"]
_PLACES = ["Northport", "Eastvale", "Southmere", "Westbrook", "Highfield", "Lowmoor", "Kingsbay", "Ashford"]


def make_story(n: int, paragraphs: int = 3) -> list[str]:
    """Distinct, plausible English paragraphs for article number n."""
    topic, place = _TOPICS[n % len(_TOPICS)], _PLACES[n % len(_PLACES)]
    lines = [
        f"Officials in {place} said on Monday that work on the new {topic} would start next spring, report number {n}.",
        f"The {topic} project in {place} has been discussed for years, and residents have asked for a clear timetable before the next election.",
        f"Critics of the {topic} plan said the budget for case {n} was too small, while supporters argued that the town could not wait any longer.",
        f"A spokesperson for the {place} council promised that updates on the {topic} would be published every month from now on.",
    ]
    return [lines[i % len(lines)] for i in range(paragraphs)]


def _news_page(
    *,
    paragraphs: Sequence[str] = HARBOUR,
    title: str = "Harbour Council Approves New Ferry Line",
    published: str | None = "2025-03-14T09:30:00+00:00",
    author: str = "Maria Lindqvist",
    site: str = "The Coastal Herald",
    canonical: str = "https://coastalherald.example/news/ferry-line",
) -> str:
    date_meta = f'<meta property="article:published_time" content="{published}">\n' if published else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta name="author" content="{author}">
{date_meta}<link rel="canonical" href="{canonical}">
</head>
<body>
<header><div class="logo">{site}</div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics desk</a></li><li><a href="/sport">Sport pages</a></li></ul></nav>
</header>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. Accept all cookies?</div>
<aside class="sidebar"><h3>Trending now</h3><ul><li><a href="/a">Sidebar story about gardening tips</a></li></ul></aside>
<main>
<article>
<h1>{title}</h1>
<p class="byline">By {author}</p>
{body}
</article>
<section class="comments"><h2>Comments</h2>
<div class="comment"><p>Reader comment: this ferry will never run on time, mark my words.</p></div>
</section>
</main>
<footer><p>Copyright 2025 {site}. All rights reserved.</p><a href="/privacy">Privacy policy and terms</a></footer>
</body>
</html>
"""


@pytest.fixture
def news_page() -> Callable[..., str]:
    """A news page: header, navigation, cookie banner, sidebar, the article, comments, footer."""
    return _news_page


RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Valley Gazette</title>
<link>https://valleygazette.example/</link>
<description>News from the valley</description>
<item>
<title>Bridge reopens after repairs</title>
<link>https://valleygazette.example/bridge-reopens</link>
<pubDate>Tue, 03 Jun 2025 08:15:00 GMT</pubDate>
<dc:creator>Ana Petrova</dc:creator>
<guid>https://valleygazette.example/bridge-reopens</guid>
<description>Short summary of the bridge story.</description>
<content:encoded><![CDATA[<p>The old stone bridge over the river reopened on Tuesday after eight months of repairs.</p><p>Engineers replaced the worn supports and widened the footpath for cyclists.</p>]]></content:encoded>
</item>
<item>
<title>Library extends opening hours</title>
<link>https://valleygazette.example/library-hours</link>
<pubDate>Wed, 04 Jun 2025 10:00:00 GMT</pubDate>
<description>The town library will stay open until nine in the evening on weekdays from next month, the council said.</description>
</item>
<item>
<title>Market square to be repaved</title>
<link>https://valleygazette.example/market-square</link>
<pubDate>Thu, 05 Jun 2025 07:45:00 GMT</pubDate>
<description>&lt;p&gt;Work on the market square starts in July and will take six weeks.&lt;/p&gt;&lt;p&gt;Stalls will move to the car park meanwhile.&lt;/p&gt;</description>
</item>
</channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Northern Ledger</title>
<link href="https://northernledger.example/"/>
<updated>2025-05-20T12:00:00Z</updated>
<id>urn:uuid:feed-1</id>
<entry>
<title>Wind farm gets green light</title>
<link href="https://northernledger.example/wind-farm"/>
<id>urn:uuid:e1</id>
<updated>2025-05-19T07:00:00Z</updated>
<author><name>Jon Berg</name></author>
<summary>Short summary of the wind farm story.</summary>
<content type="html">&lt;p&gt;Planners approved a twelve-turbine wind farm on the ridge north of the town.&lt;/p&gt;&lt;p&gt;Construction is due to begin next spring.&lt;/p&gt;</content>
</entry>
<entry>
<title>Fishing quota talks stall</title>
<link href="https://northernledger.example/quota"/>
<id>urn:uuid:e2</id>
<updated>2025-05-18T16:30:00Z</updated>
<summary>Negotiations on next year's fishing quotas broke up without agreement on Sunday evening.</summary>
</entry>
</feed>
"""


@pytest.fixture
def rss_feed() -> bytes:
    """RSS 2.0, three items: content:encoded, a plain summary, an HTML summary."""
    return RSS


@pytest.fixture
def atom_feed() -> bytes:
    """Atom, two entries: one with <content> (and a summary), one with a summary only."""
    return ATOM


WARC_PAGES = [
    ("https://coastalherald.example/news/ferry-line", HARBOUR),
    ("https://valleygazette.example/news/bridge", make_story(7)),
]


def _write_warc(
    path: Path,
    *,
    gzip: bool = False,
    pages: Sequence[tuple[str, Sequence[str]]] = WARC_PAGES,
    clutter: bool = True,
) -> Path:
    """A WARC as a crawler writes it: warcinfo, HTML responses with HTTP headers, and
    records that are not articles (an image, a 404 page, a request)."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "storyline-tests"}))
        for uri, paragraphs in pages:
            html = _news_page(paragraphs=paragraphs, title=paragraphs[0][:40], canonical=uri).encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(html), http_headers=headers)
            )
        if clutter:
            png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            image = b"\x89PNG\r\n\x1a\n" + bytes(64)
            writer.write_record(
                writer.create_warc_record(
                    "https://a.example/logo.png", "response", payload=io.BytesIO(image), http_headers=png
                )
            )
            missing = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            page = _news_page(paragraphs=make_story(99), title="Page not found").encode()
            writer.write_record(
                writer.create_warc_record(
                    "https://a.example/gone", "response", payload=io.BytesIO(page), http_headers=missing
                )
            )
            request = StatusAndHeaders("GET /news HTTP/1.1", [("Host", "a.example")], is_http_request=True)
            writer.write_record(writer.create_warc_record("https://a.example/news", "request", http_headers=request))
    return path


@pytest.fixture
def write_warc() -> Callable[..., Path]:
    return _write_warc


def _read(paths: Sequence[str | Path], max_bytes: int = DEFAULT_MAX_BYTES) -> list[Result]:
    results: list[Result] = []
    for work in items([str(p) for p in paths], max_bytes):
        results.extend(parse_item(work) if isinstance(work, Item) else [work])
    return results


@pytest.fixture
def read_inputs() -> Callable[..., list[Result]]:
    """What ingest makes of some paths (articles, rejections, notices, in order), without a store."""
    return _read


_runner = CliRunner()


def _cli(*args: str | Path, input: bytes | str | None = None) -> CliResult:
    return _runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def cli() -> Callable[..., CliResult]:
    """The real command line (storyline.cli.app), with stdout and stderr kept apart."""
    return _cli


TABLES = ("articles", "paragraphs", "sightings", "raw_inputs", "rejects")


def _rows(db: Path) -> dict[str, set[tuple[Any, ...]]]:
    with closing(sqlite3.connect(db)) as connection:
        return {table: set(connection.execute(f"SELECT * FROM {table}")) for table in TABLES}


@pytest.fixture
def table_rows() -> Callable[[Path], dict[str, set[tuple[Any, ...]]]]:
    """Every row of every ingest table, to compare a store before and after."""
    return _rows
