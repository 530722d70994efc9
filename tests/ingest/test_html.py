"""The HTML reader: a page's article text without its clutter, and the page's own metadata."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storyline.ingest.item import Item
from storyline.ingest.parse import Result, parse_item
from storyline.model import Article, Notice, Outlet, PublishedDate, Rejection
from tests.conftest import CLUTTER, HARBOUR


def read_html(page: str | bytes, source: str = "page.html") -> list[Result]:
    payload = page.encode("utf-8") if isinstance(page, str) else page
    return parse_item(Item(source, "html", payload))


def only_article(results: list[Result]) -> Article:
    assert [type(r) for r in results] == [Article], results
    article = results[0]
    assert isinstance(article, Article)
    return article


def paragraphs(article: Article) -> list[str]:
    return [article.paragraph_text(i) for i in range(len(article.paragraphs))]


def test_article_paragraphs_without_navigation_cookie_banner_sidebar_comments_or_footer(
    news_page: Callable[..., str],
) -> None:
    article = only_article(read_html(news_page()))
    found = paragraphs(article)
    for paragraph in HARBOUR:
        assert paragraph in found
    for clutter in [*CLUTTER, "By Maria Lindqvist", "Trending now"]:
        assert clutter not in article.body
    assert article.body.count("eleven votes to four") == 1


def test_page_metadata_title_author_date_site_and_canonical_url(news_page: Callable[..., str]) -> None:
    article = only_article(read_html(news_page()))
    assert article.reader == "html"
    assert article.title == "Harbour Council Approves New Ferry Line"
    assert article.author == "Maria Lindqvist"
    assert article.published == PublishedDate("2025-03-14", "day", "html-meta")
    assert article.outlet == Outlet("The Coastal Herald", "metadata: site")
    assert article.url == "https://coastalherald.example/news/ferry-line"
    assert article.language == "en"
    assert article.raw == news_page().encode("utf-8")  # the page as read, clutter and all


def test_a_date_in_the_text_is_not_a_publication_date(news_page: Callable[..., str]) -> None:
    text = [HARBOUR[0].replace("on Thursday", "on 12 March 2024"), *HARBOUR[1:]]
    article = only_article(read_html(news_page(paragraphs=text, published=None)))
    assert "12 March 2024" in article.body
    assert article.published is None


def test_page_cut_off_inside_a_tag_keeps_the_text_before_the_cut(news_page: Callable[..., str]) -> None:
    page = news_page()
    for cut in ("<", "<p", "</p", '<p class="x'):
        end = page.index(HARBOUR[2]) - len("<p>")
        truncated = page[:end] + cut
        article = only_article(read_html(truncated))
        found = paragraphs(article)
        assert HARBOUR[0] in found and HARBOUR[1] in found, cut
        assert "Residents of the islands" not in article.body
        assert all(any(ch.isalpha() for ch in p) for p in found), (cut, found)  # no stray "<" paragraph
        assert article.title == "Harbour Council Approves New Ferry Line"


def test_page_cut_off_mid_sentence_keeps_the_words_that_are_there(news_page: Callable[..., str]) -> None:
    page = news_page()
    cut = page.index(HARBOUR[1]) + len("Councillors backed the plan by eleven")
    article = only_article(read_html(page[:cut]))
    assert HARBOUR[0] in article.body
    assert article.body.endswith("Councillors backed the plan by eleven")


def test_page_cut_off_in_its_head_is_rejected_with_a_reason(news_page: Callable[..., str]) -> None:
    page = news_page()
    truncated = page[: page.index('property="og:site_name"') + len("property=")]
    (rejection,) = read_html(truncated, "cut.html")
    assert isinstance(rejection, Rejection)
    assert rejection.source == "cut.html"
    assert rejection.reason.startswith("no article text found in the HTML")
    assert rejection.raw == truncated.encode("utf-8")  # kept to reproduce


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"", "empty input"),
        (b"  \n\t ", "empty input"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100), "binary content (NUL bytes), not HTML"),
    ],
)
def test_empty_and_binary_pages_are_rejected(payload: bytes, reason: str) -> None:
    (rejection,) = read_html(payload)
    assert isinstance(rejection, Rejection)
    assert rejection.reason == reason


def test_page_in_a_legacy_encoding_declared_in_its_meta(news_page: Callable[..., str]) -> None:
    text = [
        "Le conseil a approuvé mercredi la nouvelle ligne de ferry vers les îles, après deux années de débat.",
        *HARBOUR[1:],
    ]
    page = news_page(paragraphs=text).replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    article = only_article(read_html(page.encode("cp1252")))
    assert text[0] in article.body


def test_headline_is_the_title_not_the_first_paragraph() -> None:
    page = (
        "<html><head><title>Dam bursts after storm</title></head><body><article><h1>Dam bursts after storm</h1>"
        + "".join(f"<p>{p}</p>" for p in HARBOUR)
        + "</article></body></html>"
    )
    article = only_article(read_html(page))
    assert article.title == "Dam bursts after storm"
    assert paragraphs(article)[0] == HARBOUR[0]


def _page_titled(title: str, h1s: int = 0) -> str:
    return (
        f"<html><head><title>{title}</title></head><body><article>"
        + "<h1>Inside</h1>" * h1s
        + "".join(f"<p>{p}</p>" for p in HARBOUR)
        + "</article></body></html>"
    )


def test_a_page_title_with_dashes_keeps_its_headline_whole() -> None:
    """trafilatura cuts a <title> at its last separator ("Biden"); the title rules decide instead."""
    assert (
        only_article(read_html(_page_titled("Biden - Putin summit ends", h1s=2))).title == "Biden - Putin summit ends"
    )


def test_a_page_title_loses_the_site_and_section_after_the_headline() -> None:
    page = _page_titled("Biden - Putin summit ends | World | harbour.example", h1s=2)
    article = only_article(parse_item(Item("page.html", "html", page.encode(), {"url": "https://harbour.example/a"})))
    assert article.title == "Biden - Putin summit ends"
    assert article.extra["title_suffix"] == " | World | harbour.example"


def _dated_page(news_page: Callable[..., str], head: str, canonical: str) -> str:
    """The news page with its own date statements replaced by `head`."""
    page = news_page(published=None, canonical=canonical)
    return page.replace("</head>", head + "\n</head>")


DATED_URL = "https://coastalherald.example/2025/06/01/ferry-line"


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:published_time" content="2025-06-02T23:30:00-04:00">',
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "WebPage"},'
        ' {"@type": "NewsArticle", "datePublished": "2025-06-02T08:00:00Z"}]}</script>',
        '<meta itemprop="datePublished" content="2025-06-02">',
        '<meta name="dc.date.issued" content="2025-06-02">',
    ],
    ids=["opengraph", "json-ld", "itemprop", "dublin-core"],
)
def test_the_pages_metadata_date_wins_over_a_date_in_its_url(news_page: Callable[..., str], head: str) -> None:
    article = only_article(read_html(_dated_page(news_page, head, DATED_URL)))
    assert article.url == DATED_URL
    assert article.published == PublishedDate("2025-06-02", "day", "html-meta")  # the date as the page prints it


def test_a_date_in_the_url_is_labelled_as_such(news_page: Callable[..., str]) -> None:
    article = only_article(read_html(_dated_page(news_page, "", DATED_URL)))
    assert article.published == PublishedDate("2025-06-01", "day", "url")
    month = only_article(read_html(_dated_page(news_page, "", "https://coastalherald.example/2025/06/ferry")))
    assert month.published == PublishedDate("2025-06", "month", "url")
    undated = only_article(read_html(_dated_page(news_page, "", "https://coastalherald.example/id/123456789/ferry")))
    assert undated.published is None  # digits that are no date are not one


def test_an_unusable_metadata_date_is_dropped_with_a_warning(news_page: Callable[..., str]) -> None:
    head = '<meta property="article:published_time" content="0001-01-01T00:00:00Z">'
    results = read_html(_dated_page(news_page, head, DATED_URL))
    notice, article = results
    assert isinstance(notice, Notice) and isinstance(article, Article)
    assert str(notice) == (
        "page.html: publication date '0001-01-01T00:00:00Z' dropped: out of range (years 1900 to 2100) (page metadata)"
    )
    assert article.published == PublishedDate("2025-06-01", "day", "url")  # the next evidence, labelled
