"""Ingest throughput and memory on real news texts: plain-text pages, HTML pages and JSONL.

What is measured
----------------
For each input format and each `--jobs` value, one run of the ingest stage in a fresh subprocess,
into a fresh store (with `--repeat N`, N such runs, and the fastest is shown):

    python -c "...; report = storyline.ingest.pipeline.ingest([PATH], Store(DB), jobs=N); ..." DB N PATH

that is, the ingest stage through its API, exactly as `storyline ingest` calls it, but without the
command's progress display and output and without the later stages the command runs once the
articles are stored (`storyline.registry.update`: analysis, copies, stories). `--cli` times the whole
command instead: `python -m storyline ingest PATH --db DB --jobs N --json --quiet`.
For every run the tables show:

* articles: articles stored (`added` in the ingest report); a run is flagged when that is not every
  input.
* wall s: wall-clock seconds from starting the subprocess to its exit. This INCLUDES process
  start-up (interpreter, imports of trafilatura/dateparser, opening the store) and, for `--jobs 2`,
  starting the forkserver and its workers. Start-up alone (a process that only imports the ingest
  modules, best of 3) is printed above the table so it can be subtracted by eye.
* articles/s: articles stored / wall s (so start-up counts against the rate).
* ingest s: the `seconds` of the ingest report (time inside `ingest()`, no interpreter start-up).
* cpu main s / cpu workers s: user + system CPU seconds of the ingest process (from `os.wait4`) and
  of all the other processes of the run (forkserver and workers; /proc/PID/stat, last sample of
  each). On two cores, their sum over wall s says how close the run came to using both. A run during
  which other processes on the machine used more than 10% of a core (busy time from /proc/stat, less
  the run's own CPU) is flagged below the tables: its timing is not to be trusted.
* peak RSS MB: the sum of every process's own peak resident set size: the ingest process (below)
  plus, with `--jobs 2`, the forkserver, the resource tracker and the parser workers (their VmHWM).
  It is an upper bound on the memory the run held at one time: the peaks need not coincide, and
  pages the forked workers share with the forkserver are counted once per process.
* main MB: the kernel's high-water mark of the ingest (reader and writer) process's RSS:
  `ru_maxrss` of the subprocess from `os.wait4` (exact, no sampling).
* child MB: the largest high-water mark among the other processes (a parser worker): VmHWM, which
  the kernel keeps per process, read from /proc/PID/status every 20 ms while the process lives (a
  peak reached in a worker's last 20 ms would be missed); "-" for `--jobs 1`, which parses in-process.

`getrusage(RUSAGE_CHILDREN)` is deliberately not used for the workers: they are children of the
forkserver, not of the ingest process, and the forkserver is still alive when `ingest()` returns,
so their memory would never be counted.

To show that memory does not grow with the input, the JSONL and text corpora are also ingested at
a quarter and a half of `--n` (2,500 and 5,000 by default) and a second table lists memory per size,
with the number of processes the run had (the ingest process and every descendant seen in /proc).

Where the texts come from
-------------------------
Only real article texts, read in place from the shared data folder (nothing is copied into the
project; the generated corpora live in a temporary directory that is removed at the end):

* BASIL (`basil/basil_articles.jsonl`, 300 articles from Fox News, The New York Times and HuffPost):
  title, date, url and outlet as given; paragraphs are the lines of `text`.
* Timeline17 (`tls-t17/Timeline17/<collection>/articles.jsonl`, or `articles.tokenized.jsonl.gz`
  where the former is missing, 4,650 articles from BBC, CNN, Reuters, The Guardian, Fox News and The
  Washington Post): PTB-tokenized, one sentence a line. Each sentence is lightly detokenized
  (-LRB- -> "(", `` and '' -> '"', ` -> "'", \\/ -> /, "#" before a number -> "£", no space before
  punctuation or clitics such as n't and 's, none after opening brackets, "$" and quotes; in the
  tokenized copy, "non - profit" -> "non-profit"), and two consecutive sentences make one paragraph.
  The date is `time`, the outlet comes from the collection name. T17 has no headlines: the
  headline is the first ten words of the lead sentence. T17 has no URLs either: one is made up on
  the outlet's real domain from the date, headline and id.

The ~4,900 distinct texts are put in a fixed pseudo-random order (seed 17) so that any prefix of the
corpus is a mix of outlets and lengths. When more articles are needed than there are texts, variants
are made deterministically in rounds: round r takes every text again without one paragraph from its
middle, paragraph number len // 2 + r - 1 (counting from 0; never the first or the last paragraph,
because readers strip residue at a text's edges, which could make a variant equal its original; and
never a paragraph that `storyline.ingest.residue.classify` calls residue, such as a photo caption).
Article ids are a hash of the normalized body, so a variant whose body normalizes like one already
taken (checked with `storyline.model.article_id`) is skipped: every article of the corpus has a
distinct body.

The three corpora
-----------------
1. text: one `.txt` file per article, laid out like a saved news page: headline line, byline line
   (`By Reuters March 3, 2011`), a share-button residue line (`icon-facebook icon-twitter
   icon-email`), blank-line separated paragraphs, and a copyright footer line.
2. html: one `.html` page per article: cookie banner, site header with navigation and search,
   breadcrumbs, an <article> with <h1>, byline, share links and <p> paragraphs (with an ad slot and
   a "Read more" link inside), a sidebar of most-read headlines and a newsletter form, a footer, inline
   CSS/JS, a preloaded-state script and JSON-LD, and <meta property="article:published_time"> /
   og:site_name in the head.
3. jsonl: one file, one article per line: `text` (paragraphs separated by a blank line), `title`,
   `published`, `url`, `outlet`.

How to run
----------
    .venv/bin/python benchmarks/ingest.py                 # 10,000 articles, text/html/jsonl, --jobs 1 and 2
    .venv/bin/python benchmarks/ingest.py --quick         # 1,000 articles: a fast check
    .venv/bin/python benchmarks/ingest.py --n 4000 --formats jsonl,text --jobs 2 --scale 1000,2000
    .venv/bin/python benchmarks/ingest.py --repeat 3          # each row the fastest of three runs

The data folder is `<repo>/../shared/data`, else the folder named by STORYLINE_DATA; when neither
holds the data the benchmark prints one "skipped: ..." line and exits 0. The workers' memory is read
from /proc (Linux); elsewhere child MB shows "-" and peak RSS MB counts the ingest process only.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from storyline.ingest import residue
from storyline.model import article_id

REPO = Path(__file__).resolve().parents[1]
FORMATS = ("text", "html", "jsonl")
SEED = 17
MIN_PARAGRAPHS = 2
SENTENCES_PER_PARAGRAPH = 2
HEADLINE_WORDS = 10
SAMPLE_SECONDS = 0.02
FOREIGN_CPU_SHARE = 0.1  # a run is flagged when other processes used more than 10% of a core meanwhile

BASIL_OUTLETS = {"nyt": "The New York Times", "fox": "Fox News", "hpo": "HuffPost"}
T17_OUTLETS = {
    "bbc": ("BBC News", "www.bbc.co.uk"),
    "cnn": ("CNN", "edition.cnn.com"),
    "reuters": ("Reuters", "www.reuters.com"),
    "guardian": ("The Guardian", "www.theguardian.com"),
    "foxnews": ("Fox News", "www.foxnews.com"),
    "washingtonpost": ("The Washington Post", "www.washingtonpost.com"),
}
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


# -- the texts ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """One real article as the benchmark uses it."""

    key: str  # basil:<article_id> or t17:<collection>:<id>
    title: str
    published: str  # YYYY-MM-DD
    outlet: str
    url: str
    paragraphs: tuple[str, ...]


def data_root() -> Path | None:
    """`<repo>/../shared/data`, else $STORYLINE_DATA, when it holds BASIL and Timeline17."""
    candidates = [REPO.parent / "shared" / "data"]
    if os.environ.get("STORYLINE_DATA"):
        candidates.append(Path(os.environ["STORYLINE_DATA"]))
    for root in candidates:
        if (root / "basil" / "basil_articles.jsonl").is_file() and (root / "tls-t17" / "Timeline17").is_dir():
            return root
    return None


def read_basil(root: Path) -> Iterator[Text]:
    with (root / "basil" / "basil_articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            paragraphs = tuple(p.strip() for p in record["text"].split("\n") if p.strip())
            yield Text(
                key=f"basil:{record['article_id']}",
                title=record["title"].strip(),
                published=record["date"],
                outlet=BASIL_OUTLETS[record["source"].lower()],
                url=record["url"],
                paragraphs=paragraphs,
            )


def _open_text(path: Path) -> TextIO:
    return gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8")


def read_t17(root: Path) -> Iterator[Text]:
    for folder in sorted((root / "tls-t17" / "Timeline17").iterdir()):
        if not folder.is_dir():
            continue
        outlet, domain = T17_OUTLETS[folder.name.rsplit("_", 1)[1]]
        # articles.jsonl, else the tokenized copy (the only one for Finan_washingtonpost), which also splits hyphens
        path = folder / "articles.jsonl"
        tokenized = not path.is_file()
        if tokenized:
            path = folder / "articles.tokenized.jsonl.gz"
        with _open_text(path) as handle:
            for line in handle:
                record = json.loads(line)
                sentences = [detokenize(s, tokenized) for s in record["text"].split("\n") if s.strip()]
                if not sentences:
                    continue
                paragraphs = tuple(
                    " ".join(sentences[i : i + SENTENCES_PER_PARAGRAPH])
                    for i in range(0, len(sentences), SENTENCES_PER_PARAGRAPH)
                )
                title = headline(sentences[0])
                year, month, day = record["time"][:10].split("-")
                slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
                yield Text(
                    key=f"t17:{folder.name}:{record['id']}",
                    title=title,
                    published=record["time"][:10],
                    outlet=outlet,
                    url=f"https://{domain}/news/{year}/{month}/{day}/{slug}-{record['id']}",
                    paragraphs=paragraphs,
                )


_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_QUOTES = {"``": '"', "''": '"', "`": "'"}
_GLUE_LEFT = {".", ",", ";", ":", "!", "?", "%", ")", "]", "}", "''", "'", "...", "n't", "'s", "'re", "'ve", "'ll"}
_GLUE_LEFT |= {"'d", "'m"}
_GLUE_RIGHT = {"(", "[", "{", "$", "``", "`", "£"}


def detokenize(sentence: str, split_hyphens: bool = False) -> str:
    """A PTB-tokenized sentence back to running text (lightly: enough to read like news).

    `split_hyphens`: the tokenizer also split hyphenated words ("non - profit"); join them again."""
    tokens = sentence.replace("` `", "``").replace("\\/", "/").replace("\\*", "*").split()
    out: list[str] = []
    glue_next = False
    for i, raw in enumerate(tokens):
        token = _BRACKETS.get(raw, raw)
        if token == "#" and i + 1 < len(tokens) and tokens[i + 1][:1].isdigit():
            token = "£"  # PTB writes the pound sign as #
        hyphen = (
            split_hyphens and token == "-" and bool(out) and out[-1][-1:].isalnum()
            and i + 1 < len(tokens) and tokens[i + 1][:1].isalnum()
        )  # fmt: skip
        if out and not glue_next and not hyphen and token.lower() not in _GLUE_LEFT:
            out.append(" ")
        out.append(_QUOTES.get(token, token))
        glue_next = token in _GLUE_RIGHT or hyphen
    return "".join(out)


def headline(sentence: str) -> str:
    """The first words of a lead sentence, as a headline (no closing punctuation)."""
    words = sentence.split()[:HEADLINE_WORDS]
    return " ".join(words).rstrip(" .,;:!?…\"'") or sentence


@dataclass(frozen=True)
class Article:
    """One article of the generated corpus: a text, or a variant of one."""

    index: int
    text: Text
    variant: int  # 0: the text as published; r: without one paragraph (see `variant_paragraphs`)
    paragraphs: tuple[str, ...]

    @property
    def url(self) -> str:
        return self.text.url if self.variant == 0 else f"{self.text.url}?update={self.variant}"


def variant_paragraphs(paragraphs: tuple[str, ...], variant: int) -> tuple[str, ...] | None:
    """Variant 0 is the text; variant r leaves out paragraph `len // 2 + r - 1`, which is never the first or
    the last (readers strip residue at a text's edges, which could make a variant equal its original)."""
    if variant == 0:
        return paragraphs
    index = len(paragraphs) // 2 + variant - 1
    if not 1 <= index <= len(paragraphs) - 2 or residue.classify(paragraphs[index]) is not None:
        return None  # at an edge, or a paragraph the text reader strips anyway (a caption, a promo line)
    return paragraphs[:index] + paragraphs[index + 1 :]


def build_articles(texts: Sequence[Text], n: int) -> list[Article]:
    """`n` articles with distinct bodies: every text, then variants round by round."""
    order = list(texts)
    random.Random(SEED).shuffle(order)
    seen: set[str] = set()
    chosen: list[Article] = []
    longest = max(len(t.paragraphs) for t in order)
    for variant in range(longest):
        for text in order:
            paragraphs = variant_paragraphs(text.paragraphs, variant)
            if paragraphs is None or len(paragraphs) < MIN_PARAGRAPHS:
                continue
            ident = article_id("\n\n".join(paragraphs))
            if ident in seen:
                continue
            seen.add(ident)
            chosen.append(Article(len(chosen), text, variant, paragraphs))
            if len(chosen) == n:
                return chosen
    raise SystemExit(f"error: only {len(chosen):,} distinct articles can be made from the data, not {n:,}")


# -- the corpora --------------------------------------------------------------------------------------------------


def human_date(iso: str) -> str:
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{MONTHS[month - 1]} {day}, {year}"


def as_text_page(article: Article) -> str:
    text = article.text
    lines = [
        text.title,
        f"By {text.outlet} {human_date(text.published)}",
        "icon-facebook icon-twitter icon-email",
        "",
    ]
    for paragraph in article.paragraphs:
        lines += [paragraph, ""]
    lines.append(f"© {text.published[:4]} {text.outlet}. All rights reserved.")
    return "\n".join(lines) + "\n"


_NAV = ("Home", "World", "US", "Politics", "Business", "Tech", "Science", "Health", "Sport", "Culture", "Opinion")
_FOOTER = ("About us", "Contact", "Help", "Terms of use", "Privacy policy", "Cookie settings", "Accessibility",
           "Advertise", "Careers", "Newsletters", "Sitemap", "RSS feeds")  # fmt: skip
_CSS = (
    "body{margin:0;font-family:Georgia,serif;color:#121212;background:#fff}"
    ".site-header{display:flex;align-items:center;border-bottom:1px solid #ddd;padding:8px 16px}"
    ".logo{font:700 28px/1 Helvetica,Arial,sans-serif;text-decoration:none;color:#000}"
    ".main-nav ul{display:flex;gap:12px;list-style:none;margin:0 0 0 24px;padding:0}"
    ".main-nav a{color:#333;text-decoration:none;font:14px Helvetica,Arial,sans-serif}"
    "main{display:grid;grid-template-columns:minmax(0,1fr) 300px;gap:32px;max-width:1100px;margin:24px auto}"
    ".story h1{font-size:40px;line-height:1.15;margin:0 0 12px}.byline{color:#555;font-size:14px}"
    ".story-body p{font-size:19px;line-height:1.6;margin:0 0 20px}.ad-slot{min-height:250px;background:#f5f5f5}"
    ".share{display:flex;gap:8px;list-style:none;padding:0}.share a{display:block;width:32px;height:32px}"
    ".sidebar h2{font:700 16px Helvetica,Arial,sans-serif;border-top:3px solid #000;padding-top:8px}"
    ".sidebar ol{padding-left:20px}.sidebar li{margin-bottom:12px;font-size:15px}"
    ".site-footer{background:#111;color:#ccc;padding:32px 16px;font:13px Helvetica,Arial,sans-serif}"
    ".cookie-consent{position:fixed;bottom:0;left:0;right:0;background:#222;color:#fff;padding:16px;z-index:99}"
    "@media (max-width:800px){main{grid-template-columns:1fr}.sidebar{display:none}}"
)
_JS = (
    "(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});"
    "var f=d.getElementsByTagName(s)[0],j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;"
    "j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);})"
    "(window,document,'script','dataLayer','GTM-XXXX');"
    "window.addEventListener('load',function(){var b=document.getElementById('cookie-banner');"
    "if(document.cookie.indexOf('consent=1')>=0&&b){b.parentNode.removeChild(b);}});"
)


def as_html_page(article: Article, others: Sequence[Article]) -> str:
    text = article.text
    e = html.escape
    title, outlet, day = e(text.title), e(text.outlet), text.published
    section = "world" if article.index % 2 else "politics"
    description = e(article.paragraphs[0][:160])
    nav = "".join(f'<li><a href="/{name.lower()}">{name}</a></li>' for name in _NAV)
    share = "".join(
        f'<li><a class="icon-{net}" href="https://www.{net}.com/share?u={e(article.url)}" '
        f'title="Share on {net.title()}">{net.title()}</a></li>'
        for net in ("facebook", "twitter", "linkedin", "whatsapp")
    )
    body: list[str] = []
    middle = len(article.paragraphs) // 2
    for i, paragraph in enumerate(article.paragraphs):
        body.append(f"<p>{e(paragraph)}</p>")
        if i == middle:
            body.append('<div class="ad-slot" data-ad="mid-article"><span>Advertisement</span></div>')
            related = others[0]
            body.append(f'<p class="related"><strong>Read more:</strong> <a href="{e(related.url)}">'
                        f"{e(related.text.title)}</a></p>")  # fmt: skip
    most_read = "".join(f'<li><a href="{e(o.url)}">{e(o.text.title)}</a></li>' for o in others)
    footer = "".join(f'<li><a href="/{name.lower().replace(" ", "-")}">{name}</a></li>' for name in _FOOTER)
    state = json.dumps(
        {
            "page": {"id": article.index, "section": section, "type": "article", "paywall": False},
            "ads": {"slots": ["top", "mid-article", "sidebar", "bottom"], "targeting": {"section": section}},
            "related": [{"url": o.url, "title": o.text.title} for o in others],
        }
    ).replace("</", "<\\/")
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": text.title,
            "datePublished": f"{day}T08:00:00Z",
            "publisher": {"@type": "Organization", "name": text.outlet},
            "mainEntityOfPage": article.url,
        }
    ).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {outlet}</title>
<meta name="description" content="{description}">
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:description" content="{description}">
<meta property="og:site_name" content="{outlet}">
<meta property="og:url" content="{e(article.url)}">
<meta property="article:published_time" content="{day}T08:00:00Z">
<meta property="article:section" content="{section.title()}">
<link rel="canonical" href="{e(article.url)}">
<link rel="stylesheet" href="/static/css/main.css">
<style>{_CSS}</style>
<script>{_JS}</script>
</head>
<body class="article-page">
<div id="cookie-banner" class="cookie-consent" role="dialog" aria-label="Cookie consent">
<p>We use cookies and similar technologies to personalise content and ads, to provide social media features and to
analyse our traffic. You can change your choices at any time in Cookie settings.</p>
<button class="accept">Accept all cookies</button> <button class="manage">Manage preferences</button>
</div>
<header class="site-header">
<a class="logo" href="/">{outlet}</a>
<nav class="main-nav" aria-label="Sections"><ul>{nav}</ul></nav>
<form class="search" action="/search"><input type="search" name="q" placeholder="Search"><button>Go</button></form>
<a class="subscribe" href="/subscribe">Subscribe</a> <a class="login" href="/login">Log in</a>
</header>
<div class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/{section}">{section.title()}</a></div>
<main>
<article class="story">
<h1 class="headline">{title}</h1>
<div class="byline">By <span class="author">{outlet}</span> <time datetime="{day}">{human_date(day)}</time></div>
<ul class="share">{share}</ul>
<div class="story-body">
{"".join(body)}
</div>
</article>
<aside class="sidebar">
<h2>Most read</h2>
<ol>{most_read}</ol>
<h2>Newsletter</h2>
<form class="newsletter" action="/newsletters"><p>Sign up for our daily briefing: the day's top stories in your
inbox.</p><input type="email" name="email" placeholder="Email address"><button>Sign up</button></form>
</aside>
</main>
<footer class="site-footer">
<nav aria-label="Footer"><ul>{footer}</ul></nav>
<p>&copy; {day[:4]} {outlet}. All rights reserved.</p>
</footer>
<script>window.__PRELOADED_STATE__ = {state};</script>
<script type="application/ld+json">{ld}</script>
<script src="/static/js/app.js" defer></script>
</body>
</html>
"""


def as_jsonl_record(article: Article) -> str:
    text = article.text
    record = {
        "text": "\n\n".join(article.paragraphs),
        "title": text.title,
        "published": text.published,
        "url": article.url,
        "outlet": text.outlet,
    }
    return json.dumps(record, ensure_ascii=False)


def write_corpus(fmt: str, articles: Sequence[Article], workdir: Path) -> Path:
    """The input of one format, as the path given to `storyline ingest`."""
    n = len(articles)
    if fmt == "jsonl":
        path = workdir / f"articles-{n}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for article in articles:
                handle.write(as_jsonl_record(article) + "\n")
        return path
    folder = workdir / f"{fmt}-{n}"
    folder.mkdir()
    for article in articles:
        if fmt == "text":
            (folder / f"{article.index:05d}.txt").write_text(as_text_page(article), encoding="utf-8")
        else:
            others = [articles[(article.index + k) % n] for k in range(1, 9)]
            (folder / f"{article.index:05d}.html").write_text(as_html_page(article, others), encoding="utf-8")
    return folder


def subset(fmt: str, full: Path, size: int, workdir: Path) -> Path:
    """The first `size` articles of a corpus already written (hard links for folders)."""
    if fmt == "jsonl":
        path = workdir / f"articles-{size}.jsonl"
        with full.open("rb") as source, path.open("wb") as target:
            for _, line in zip(range(size), source, strict=False):
                target.write(line)
        return path
    folder = workdir / f"{fmt}-{size}"
    folder.mkdir()
    for entry in sorted(full.iterdir())[:size]:
        try:
            os.link(entry, folder / entry.name)
        except OSError:
            shutil.copyfile(entry, folder / entry.name)
    return folder


def corpus_bytes(path: Path) -> int:
    return path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.iterdir())


# -- running and measuring ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    fmt: str
    jobs: int
    inputs: int
    wall: float
    summary: dict[str, object]
    exit_code: int
    main_kb: int  # ru_maxrss of the ingest process (kernel high-water mark)
    others_kb: dict[int, int]  # VmHWM of every other process of the run, by pid
    main_cpu: float  # user + system seconds of the ingest process (from wait4)
    others_cpu: float  # user + system seconds of the other processes (last /proc sample of each)
    machine_cpu: float | None  # CPU seconds the whole machine was busy during the run
    stderr: str

    @property
    def added(self) -> int:
        value = self.summary.get("added", 0)
        return value if isinstance(value, int) else 0

    @property
    def ingest_seconds(self) -> float:
        value = self.summary.get("seconds", 0.0)
        return float(value) if isinstance(value, int | float) else 0.0

    @property
    def foreign_cpu(self) -> float | None:
        """CPU seconds used during the run by processes that are not the run's (nor this benchmark's sampler)."""
        return None if self.machine_cpu is None else self.machine_cpu - self.main_cpu - self.others_cpu

    @property
    def peak_kb(self) -> int:
        """Every process's own peak, summed: an upper bound on what the run held at once."""
        return self.main_kb + sum(self.others_kb.values())

    @property
    def child_kb(self) -> int | None:
        return max(self.others_kb.values()) if self.others_kb else None


def _high_water_kb(pid: int) -> int | None:
    """The kernel's high-water mark of a process's RSS (VmHWM, kB), or None when it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None  # a zombie has no memory lines


def _children(pid: int) -> list[int]:
    """Children of every thread of a process (a thread's children are listed under that thread)."""
    found: list[int] = []
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in threads:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as handle:
                found.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return found


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far, from /proc/PID/stat."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS  # utime and stime, fields 14 and 15 of stat


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class TreeSampler:
    """RSS high-water marks and CPU times of every descendant of a process, read from /proc while they live."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.hwm: dict[int, int] = {}
        self.cpu: dict[int, float] = {}

    def sample(self) -> None:
        stack = _children(self.root)
        while stack:
            pid = stack.pop()
            stack.extend(_children(pid))
            kb = _high_water_kb(pid)
            if kb is not None:
                self.hwm[pid] = max(self.hwm.get(pid, 0), kb)
            cpu = _cpu_seconds(pid)
            if cpu is not None:
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), cpu)


# The ingest stage alone, through its API: what `storyline ingest` runs, without the command's own output.
INGEST = """
import json, sys
from storyline.ingest.pipeline import ingest
from storyline.store.sqlite import Store

store = Store(sys.argv[1])
try:
    report = ingest(sys.argv[3:], store, jobs=int(sys.argv[2]))
    total = store.articles.count()
finally:
    store.close()
print(json.dumps(report.as_dict() | {"articles_in_store": total}))
sys.exit(0 if report.ok else 1)
"""


def _busy_seconds() -> float | None:
    """CPU seconds the whole machine has been busy (all cores, including steal), from /proc/stat."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = handle.readline().split()
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[1:9])
    return (user + nice + system + irq + softirq + steal) / _CLOCK_TICKS


def run_ingest(fmt: str, jobs: int, path: Path, inputs: int, workdir: Path, via_cli: bool) -> Run:
    db = workdir / f"store-{fmt}-{inputs}-j{jobs}.db"
    out_path, err_path = workdir / "summary.json", workdir / "stderr.txt"
    if via_cli:
        command = [sys.executable, "-m", "storyline", "ingest", str(path), "--db", str(db), "--jobs", str(jobs)]
        command += ["--json", "--quiet"]
    else:
        command = [sys.executable, "-c", INGEST, str(db), str(jobs), str(path)]
    with out_path.open("wb") as out, err_path.open("wb") as err:
        busy = _busy_seconds()
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=workdir)
        sampler = TreeSampler(process.pid)
        try:
            while True:
                # wait4, not Popen.wait: its rusage carries the subprocess's exact ru_maxrss
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                sampler.sample()
                time.sleep(SAMPLE_SECONDS)
        except BaseException:  # interrupted: leave no ingest running (its workers exit with it)
            process.kill()
            process.wait()
            raise
        wall = time.perf_counter() - started
        busy_after = _busy_seconds()
    process.returncode = os.waitstatus_to_exitcode(status)
    try:
        summary = json.loads(out_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        summary = {}
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return Run(
        fmt=fmt,
        jobs=jobs,
        inputs=inputs,
        wall=wall,
        summary=summary,
        exit_code=process.returncode,
        main_kb=usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss,  # bytes on macOS
        others_kb=sampler.hwm,
        main_cpu=usage.ru_utime + usage.ru_stime,
        others_cpu=sum(sampler.cpu.values()),
        machine_cpu=None if busy is None or busy_after is None else busy_after - busy,
        stderr=err_path.read_text(encoding="utf-8", errors="replace"),
    )


def best_of(repeat: int, fmt: str, jobs: int, path: Path, inputs: int, workdir: Path, via_cli: bool) -> Run:
    runs = [run_ingest(fmt, jobs, path, inputs, workdir, via_cli) for _ in range(max(repeat, 1))]
    return min(runs, key=lambda r: r.wall)


STARTUP = {
    False: ["-c", "import storyline.ingest.pipeline, storyline.store.sqlite"],
    True: ["-m", "storyline", "--version"],
}


def startup_seconds(workdir: Path, via_cli: bool) -> float:
    """Wall time of a process that only starts and imports what the measured one imports (best of 3)."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, *STARTUP[via_cli]], cwd=workdir, capture_output=True, check=True)
        best = min(best, time.perf_counter() - started)
    return best


# -- output -------------------------------------------------------------------------------------------------------


def _mb(kb: int | None) -> str:
    return "-" if kb is None else f"{kb / 1024:,.0f}"


def _rate(run: Run) -> str:
    return f"{run.added / run.wall:,.0f}"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    body = [list(r) for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(headers)]
    align = ["<" if i == 0 else ">" for i in range(len(headers))]
    lines = ["  ".join(f"{h:{a}{w}}" for h, a, w in zip(headers, align, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(f"{c:{a}{w}}" for c, a, w in zip(r, align, widths, strict=True)) for r in body]
    return "\n".join(lines)


def throughput_table(runs: Sequence[Run]) -> str:
    headers = ["format", "jobs", "articles", "wall s", "articles/s", "ingest s", "cpu main s", "cpu workers s"]
    headers += ["peak RSS MB", "main MB", "child MB"]
    rows = [
        [
            r.fmt, str(r.jobs), f"{r.added:,}", f"{r.wall:.2f}", _rate(r), f"{r.ingest_seconds:.2f}",
            f"{r.main_cpu:.1f}", f"{r.others_cpu:.1f}" if r.others_kb else "-",
            _mb(r.peak_kb), _mb(r.main_kb), _mb(r.child_kb),
        ]
        for r in runs
    ]  # fmt: skip
    return table(headers, rows)


def memory_table(runs: Sequence[Run]) -> str:
    headers = ["format", "jobs", "articles", "processes", "peak RSS MB", "main MB", "child MB", "articles/s"]
    ordered = sorted(runs, key=lambda r: (r.fmt, r.jobs, r.inputs))
    rows = [
        [
            r.fmt, str(r.jobs), f"{r.added:,}", str(1 + len(r.others_kb)),
            _mb(r.peak_kb), _mb(r.main_kb), _mb(r.child_kb), _rate(r),
        ]
        for r in ordered
    ]  # fmt: skip
    return table(headers, rows)


def problems(run: Run) -> list[str]:
    notes: list[str] = []
    s, name = run.summary, f"{run.fmt} --jobs {run.jobs} ({run.inputs:,} inputs)"
    if run.exit_code != 0 or run.added != run.inputs:
        notes.append(
            f"note: {name}: exit {run.exit_code}, read {s.get('read')}, added {s.get('added')}, "
            f"duplicates {s.get('duplicates')}, rejected {s.get('rejected')}"
        )
        notes += [f"    {line}" for line in run.stderr.strip().splitlines()[:5]]
    foreign = run.foreign_cpu
    if foreign is not None and foreign > FOREIGN_CPU_SHARE * run.wall:
        notes.append(
            f"note: {name}: other processes on this machine used {foreign:.1f} CPU-seconds during its "
            f"{run.wall:.1f} s: its timing is inflated (rerun on a quiet machine, or use --repeat)"
        )
    return notes


# -- main ---------------------------------------------------------------------------------------------------------


def _int_list(value: str) -> list[int]:
    return [int(v) for v in value.split(",") if v.strip()]


def _formats(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [n for n in names if n not in FORMATS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    return names


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=None, help="articles per corpus (default 10000; 1000 with --quick)")
    parser.add_argument("--formats", type=_formats, default=list(FORMATS), help="comma list of text,html,jsonl")
    parser.add_argument("--jobs", type=_int_list, default=[1, 2], help="comma list of --jobs values (default 1,2)")
    parser.add_argument("--scale", type=_int_list, default=None, help="smaller sizes for the memory table (n/4,n/2)")
    parser.add_argument("--scale-formats", type=_formats, default=["jsonl", "text"], help="memory table formats")
    parser.add_argument("--repeat", type=int, default=1, help="runs per configuration; the fastest is shown")
    parser.add_argument("--cli", action="store_true", help="run `python -m storyline ingest` instead of the API")
    parser.add_argument("--quick", action="store_true", help="1,000 articles: a fast check")
    args = parser.parse_args(argv)
    if args.n is None:
        args.n = 1000 if args.quick else 10000
    if args.scale is None:
        args.scale = [args.n // 4, args.n // 2]
    args.scale = sorted({s for s in args.scale if 0 < s < args.n})
    return args


def _stop(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)  # so that a `kill` still removes the corpora and the running ingest


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _stop)
    root = data_root()
    if root is None:
        print(f"skipped: no BASIL/Timeline17 data in {REPO.parent / 'shared' / 'data'} or $STORYLINE_DATA")
        return 0
    texts = [*read_basil(root), *read_t17(root)]
    articles = build_articles(texts, args.n)
    variants = sum(1 for a in articles if a.variant)
    print(f"data: {root} ({len(texts):,} texts: BASIL and Timeline17)")
    print(f"corpus: {len(articles):,} articles with distinct bodies ({len(articles) - variants:,} texts as published, "
          f"{variants:,} variants without one middle paragraph)")  # fmt: skip
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"python: {sys.executable}; cores available: {cores}")
    scale_formats: list[str] = args.scale_formats if args.scale else []
    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        workdir = Path(tmp)
        corpora = {fmt: write_corpus(fmt, articles, workdir) for fmt in dict.fromkeys([*args.formats, *scale_formats])}
        for fmt, path in corpora.items():
            size = corpus_bytes(path)
            print(f"{fmt} corpus: {size / 1e6:,.1f} MB ({size / len(articles) / 1024:,.1f} KB per article)")
        shown = " ".join(STARTUP[args.cli])
        print(f"process start-up (python {shown}): {startup_seconds(workdir, args.cli):.2f} s")
        print(flush=True)

        runs: dict[tuple[str, int, int], Run] = {}
        for fmt in args.formats:
            for jobs in args.jobs:
                runs[fmt, jobs, len(articles)] = best_of(
                    args.repeat, fmt, jobs, corpora[fmt], len(articles), workdir, args.cli
                )
        print(f"Throughput: {len(articles):,} articles per format, each run a fresh process and a fresh store")
        print(throughput_table(list(runs.values())))
        print(flush=True)

        if scale_formats:
            for fmt in scale_formats:
                for size in [*args.scale, len(articles)]:
                    path = corpora[fmt] if size == len(articles) else subset(fmt, corpora[fmt], size, workdir)
                    for jobs in args.jobs:
                        if (fmt, jobs, size) not in runs:
                            runs[fmt, jobs, size] = best_of(args.repeat, fmt, jobs, path, size, workdir, args.cli)
            print("Memory vs. number of articles")
            print(memory_table([r for (fmt, _, _), r in runs.items() if fmt in scale_formats]))
            print()

        for run in runs.values():
            for note in problems(run):
                print(note)
    print(
        "wall s and articles/s include process start-up; ingest s is the ingest report's `seconds`. peak RSS MB: "
        "sum of the peak RSS of every process of the run (upper bound); main MB: ru_maxrss of the ingest process; "
        "child MB: largest peak RSS (VmHWM) of a worker."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
