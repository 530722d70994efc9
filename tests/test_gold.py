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
from tests.helpers import SAMPLE

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


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The sample through the whole pipeline, as the export shows it, by file name."""
    from storyline import registry
    from storyline.ingest.pipeline import ingest
    from storyline.service.articles import view
    from storyline.store.sqlite import Store

    with Store(tmp_path_factory.mktemp("gold") / "s.db") as store:
        ingest([str(SAMPLE)], store, jobs=1)
        registry.update(store, jobs=1)
        return {Path(a.source).name: view(store, a).as_dict() for a in store.articles.iter_articles()}


def test_stories_are_the_gold_events(analysed: dict[str, dict[str, Any]]) -> None:
    found: dict[int, set[str]] = {}
    for name, record in analysed.items():
        found.setdefault(record["story"], set()).add(name)
    assert sorted(map(sorted, found.values())) == sorted(map(sorted, GOLD["stories"].values()))


def test_no_copy_links_among_independent_reports(analysed: dict[str, dict[str, Any]]) -> None:
    assert {name: r["copy_of"] for name, r in analysed.items() if r["copy_of"]} == {}


def test_machine_paraphrased_flag_and_evidence(analysed: dict[str, dict[str, Any]]) -> None:
    for name, record in analysed.items():
        assert record["machine_paraphrased"]["flag"] == bool(GOLD["articles"][name].get("machine_paraphrased")), name
    (spun,) = [n for n in FILES if GOLD["articles"][n].get("machine_paraphrased")]
    evidence = analysed[spun]["machine_paraphrased"]["evidence"]
    found = {e["phrase"]: e["likely"] for e in evidence}
    gold = GOLD["articles"][spun]["paraphrase_evidence"]
    # most gold phrases are found; each found one names a likely original sharing a word with the gold one
    hits = [p for p in gold if p in found]
    assert len(hits) >= 0.7 * len(gold), sorted(set(gold) - set(found))
    for phrase in hits:
        assert set(found[phrase].lower().split()) & set(gold[phrase].lower().split()), phrase
    text = analysed[spun]["text"]
    assert all(text[e["start"] : e["end"]] == e["phrase"] for e in evidence if e["signal"] != "reporting-verb")
