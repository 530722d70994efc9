"""The sample corpus against its hand-checked answers (examples/istanbul-talks/gold.yaml).

The sample is an acceptance check, not the rule book: every rule it exercises is
also tested on texts it has never seen (test_textfile.py, test_residue.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from storyline.ingest import outlets
from storyline.ingest.finalize import finalize
from storyline.ingest.item import Item
from storyline.ingest.textfile import parse
from storyline.model import Article

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "istanbul-talks"
GOLD: dict[str, Any] = yaml.safe_load((SAMPLE / "gold.yaml").read_text("utf-8"))
FILES = sorted(GOLD["articles"])


def read(name: str) -> tuple[Article, str]:
    data = (SAMPLE / name).read_bytes()
    return finalize(parse(Item(str(SAMPLE / name), "text", data))), data.decode("utf-8")


@pytest.mark.parametrize("name", FILES)
def test_title(name: str) -> None:
    article, _ = read(name)
    assert article.title == GOLD["articles"][name]["title"]


@pytest.mark.parametrize("name", FILES)
def test_published_date_printed_in_the_file(name: str) -> None:
    """Where the file prints its date (header, byline, date line) it is found; where it
    prints none (only weekdays), no date is invented: resolving "on Thursday" needs
    an anchor the text does not give."""
    article, text = read(name)
    expected = str(GOLD["articles"][name]["published"])
    printed = expected in text or _printed_as_words(expected, text)
    if printed:
        assert article.published is not None
        assert article.published.value == expected
        assert article.published.precision == "day"
    else:
        assert article.published is None


def _printed_as_words(iso: str, text: str) -> bool:
    from datetime import date

    day = date.fromisoformat(iso)
    return any(day.strftime(f) in text for f in ("%B %d, %Y", "%b %d %Y", "%d %B %Y"))


@pytest.mark.parametrize("name", FILES)
def test_url(name: str) -> None:
    article, _ = read(name)
    assert article.url == GOLD["articles"][name].get("url")


@pytest.mark.parametrize("name", FILES)
def test_outlet_where_the_text_states_it(name: str) -> None:
    """The gold outlet, where the text names it (in a byline, a credit, a URL);
    none where the text does not say who published it."""
    article, text = read(name)
    gold = GOLD["articles"][name]["outlet"]
    named = [o.name for o in outlets.known_outlets() if any(_word_in(alias, gold) for alias in (o.name, *o.aliases))]
    stated = [
        n
        for n in named
        if any(_word_in(a, text) for o in outlets.known_outlets() if o.name == n for a in (o.name, *o.aliases))
    ]
    if stated:
        assert article.outlet is not None
        assert article.outlet.name in stated
    else:
        assert article.outlet is None


def _word_in(needle: str, haystack: str) -> bool:
    import re

    return re.search(rf"(?<![\w]){re.escape(needle)}(?![\w])", haystack) is not None


@pytest.mark.parametrize("name", FILES)
def test_boilerplate_removed_and_every_article_line_kept(name: str) -> None:
    article, text = read(name)
    gold = GOLD["articles"][name]
    boilerplate = {line.strip() for line in gold.get("boilerplate_lines", [])}
    paragraphs = {article.paragraph_text(i) for i in range(len(article.paragraphs))}
    for line in boilerplate:
        if line.endswith("..."):  # gold abbreviates long lines
            assert not any(p.startswith(line[:-3]) for p in paragraphs), line
        else:
            assert line not in paragraphs, line
    for line in text.splitlines():
        line = line.strip()
        if not line or line == gold["title"] or any(line.startswith(b.removesuffix("...")) for b in boilerplate):
            continue
        assert line in paragraphs, f"article line lost: {line[:80]}"


def test_every_sample_article_is_english_and_distinct() -> None:
    articles = [read(name)[0] for name in FILES]
    assert {a.language for a in articles} == {"en"}
    assert len({a.id for a in articles}) == len(articles)
