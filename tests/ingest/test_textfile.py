"""The plain-text reader on layouts other than the sample's: the rules must be general."""

from __future__ import annotations

from tests.helpers import body_lines, read_text

WIRE = """Floods force thousands from homes in northern valley
By Jane Doe, Reuters
March 3, 2011

KHARTOUM (Reuters) - Heavy rain caused rivers to burst their banks on Thursday, forcing thousands of
people from their homes across the northern valley, officials said.

"We have never seen water like this," said a farmer who asked not to be named.

(Photo by John Smith/Getty Images)

Aid agencies said they would subscribe more funds to the relief effort if the rains continued into next week, which forecasters expect.

Tags: floods, Sudan, weather
Copyright 2011 Thomson Reuters. All rights reserved.
Share this article
"""


def test_headline_byline_and_date_become_metadata() -> None:
    article = read_text(WIRE)
    assert article.title == "Floods force thousands from homes in northern valley"
    assert article.author == "Jane Doe"
    assert article.outlet is not None and article.outlet.name == "Reuters"
    assert article.published is not None and article.published.value == "2011-03-03"
    assert article.published.origin in ("byline", "dateline")


def test_hard_wrapped_paragraph_is_joined_and_residue_removed() -> None:
    lines = body_lines(read_text(WIRE))
    assert lines[0].startswith("KHARTOUM (Reuters) - Heavy rain")
    assert lines[0].endswith("officials said.")
    assert not any("Getty" in line or "Copyright" in line or "Share this" in line for line in lines)
    assert any(line.startswith("Aid agencies said they would subscribe") for line in lines), "a sentence was lost"


def test_dateline_is_kept_in_text_and_recorded() -> None:
    article = read_text(WIRE)
    assert article.extra["dateline"] == {"place": "KHARTOUM", "credit": "Reuters"}


def test_removed_lines_are_recorded_with_their_kind() -> None:
    kinds = {r["kind"] for r in read_text(WIRE).extra["removed"]}
    assert {"byline", "caption", "copyright", "promo"} <= kinds


def test_no_title_when_the_text_opens_with_a_sentence() -> None:
    article = read_text("The council voted on Monday to close the bridge for repairs.\nWork starts in May.\n")
    assert article.title is None
    assert body_lines(article)[0].startswith("The council voted")


def test_a_single_line_is_body_not_title() -> None:
    article = read_text("Storm warning issued for the coast\n")
    assert article.title is None
    assert body_lines(article) == ["Storm warning issued for the coast"]


def test_street_address_and_postcode_are_not_a_date() -> None:
    article = read_text(
        "City opens new library\nThe new library at 1201 Connecticut Ave., Washington DC 20036 opened to readers.\n"
    )
    assert article.published is None


def test_updated_line_gives_a_date_but_an_in_text_date_does_not() -> None:
    dated = read_text("Talks resume\nUpdated: 2 June 2025 14:05 GMT\nNegotiators met again in the capital.\n")
    assert dated.published is not None and dated.published.value == "2025-06-02"
    undated = read_text("Talks resume\nNegotiators recalled the talks of June 2, 2022 and met again.\n")
    assert undated.published is None


def test_markdown_and_share_residue_anywhere() -> None:
    article = read_text(
        "![logo](/img/logo.png)\nHeadline about a strike\nWorkers walked out at the port on Monday.\n"
        "Facebook Twitter Email\n[Read more](https://example.org/more)\n|\nThe union said talks had failed.\n"
    )
    assert body_lines(article) == ["Workers walked out at the port on Monday.", "The union said talks had failed."]
    assert article.title == "Headline about a strike"


def test_source_line_url_is_mended() -> None:
    article = read_text("A short report on trade.\nSource: https://example.org/a/trade- report/123.html\n")
    assert article.url == "https://example.org/a/trade-report/123.html"


def test_crawl_header_variants() -> None:
    article = read_text("date 2019-11-05 Brexit\n\nMPs debated the bill late into the night.\n")
    assert article.published is not None and article.published.value == "2019-11-05"
    assert article.extra["crawl_keyword"] == "Brexit"
    assert body_lines(article) == ["MPs debated the bill late into the night."]


def test_a_sentence_starting_with_by_is_not_a_byline() -> None:
    article = read_text("Clashes in the capital\nBy the end of the day a Libyan mourner fired shots into the air.\n")
    assert article.author is None
    assert body_lines(article) == ["By the end of the day a Libyan mourner fired shots into the air."]


def test_a_long_sentence_mentioning_a_photograph_is_kept() -> None:
    line = (
        "The museum said the photograph: a portrait of the founder taken in 1921, would be shown for the first time "
        "next month alongside letters and diaries that the family donated last year."
    )
    article = read_text(f"Museum shows founder portrait\n{line}\n")
    assert body_lines(article) == [line]
