"""An outlet's templates: a paragraph it repeats under otherwise different articles, never a copy's text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from storyline.analyze.signals import templates
from storyline.analyze.signals.features import compute
from storyline.model import Article, Outlet
from storyline.store.sqlite import Store
from tests.helpers import read_text, write_batch

PROMO = (
    "Subscribe to the Harbour Courier morning briefing for the stories that matter, delivered to your inbox "
    "before breakfast every weekday."
)
FLOOD = (
    "Flood waters rose in the Po valley on Tuesday and rescuers moved 400 families from villages near Cremona, "
    "the regional civil protection agency said."
)
COUNCIL = (
    "The city council approved a new ferry line across the bay by eleven votes to four, after a debate that ran "
    "late into the night over its cost and the noise of the engines."
)
MARKET = (
    "Copper prices fell to a three-month low in London as traders weighed weaker demand from Chinese factories "
    "and a stronger dollar."
)


def _article(*paragraphs: str, site: str | None = "courier.example", outlet: Outlet | None = None) -> Article:
    article = read_text("\n\n".join(paragraphs))
    return replace(article, url=f"https://{site}/{article.id}" if site else None, outlet=outlet)


def _skips(tmp_path: Path, articles: list[Article], seen_in: int | None = None) -> list[frozenset[int]]:
    """What the features stage leaves out of each article: all recorded first, then each decided."""
    with Store(tmp_path / "s.db") as store:
        write_batch(store, articles)
        finder = templates.Templates(store, seen_in)
        with store.transaction():
            finder.record(articles)
        return [finder.skip(a) for a in articles]


def test_a_paragraph_in_two_unrelated_articles_of_one_outlet_is_a_template(tmp_path: Path) -> None:
    skips = _skips(tmp_path, [_article(FLOOD, PROMO), _article(PROMO, COUNCIL), _article(MARKET)])
    assert skips == [frozenset({1}), frozenset({0}), frozenset()]


def test_the_same_paragraph_in_copies_of_one_text_is_not_a_template(tmp_path: Path) -> None:
    edited = FLOOD.replace("Tuesday", "Tuesday morning").replace("400 families", "about 400 families")
    skips = _skips(tmp_path, [_article(FLOOD, PROMO), _article(edited, PROMO), _article(FLOOD, PROMO, "Updated.")])
    assert skips == [frozenset(), frozenset(), frozenset()]


def test_different_outlets_do_not_share_templates(tmp_path: Path) -> None:
    articles = [_article(FLOOD, PROMO, site="courier.example"), _article(COUNCIL, PROMO, site="herald.example")]
    assert _skips(tmp_path, articles) == [frozenset(), frozenset()]


def test_an_outlet_named_by_its_publisher_holds_its_templates_across_sites(tmp_path: Path) -> None:
    courier = Outlet("Harbour Courier", "metadata: record")
    articles = [_article(FLOOD, PROMO, site=None, outlet=courier), _article(COUNCIL, PROMO, site=None, outlet=courier)]
    assert _skips(tmp_path, articles) == [frozenset({1}), frozenset({1})]


def test_an_article_without_an_outlet_has_no_templates(tmp_path: Path) -> None:
    assert _skips(tmp_path, [_article(FLOOD, PROMO, site=None), _article(COUNCIL, PROMO, site=None)]) == [
        frozenset(),
        frozenset(),
    ]


def test_a_short_line_is_never_a_template(tmp_path: Path) -> None:
    line = "Reporting by Jane Roe in Milan."
    assert _skips(tmp_path, [_article(FLOOD, line), _article(COUNCIL, line)]) == [frozenset(), frozenset()]


def test_an_article_of_boilerplate_alone_is_compared_as_it_is(tmp_path: Path) -> None:
    skips = _skips(tmp_path, [_article(FLOOD, PROMO), _article(COUNCIL, PROMO), _article(PROMO, "2025.")])
    assert skips[2] == frozenset()


def test_more_carriers_can_be_asked_for(tmp_path: Path) -> None:
    two = [_article(FLOOD, PROMO), _article(COUNCIL, PROMO)]
    assert _skips(tmp_path, two, seen_in=3) == [frozenset(), frozenset()]
    (tmp_path / "more").mkdir()
    assert _skips(tmp_path / "more", [*two, _article(MARKET, PROMO)], seen_in=3) == [frozenset({1})] * 3


def test_copies_of_one_text_count_once_however_many() -> None:
    flood = frozenset(FLOOD.lower().replace(",", "").split())
    council = frozenset(COUNCIL.lower().replace(",", "").split())
    assert not templates.is_template([flood, flood, flood], seen_in=2)
    assert templates.is_template([flood, flood, council], seen_in=2)
    assert not templates.is_template([flood, council], seen_in=3)


def test_the_features_leave_the_skipped_paragraphs_out_but_keep_the_whole_words_key() -> None:
    with_promo, without = _article(FLOOD, PROMO), _article(FLOOD)
    skipped = compute(with_promo, frozenset({1}))
    alone = compute(without)
    assert np.array_equal(skipped.minhash, alone.minhash)
    assert skipped.skeleton == alone.skeleton and skipped.terms == alone.terms
    assert skipped.words == alone.words
    assert skipped.word_key == compute(with_promo).word_key != alone.word_key  # exact copies: every word
