"""The stream benchmark's transformations (benchmarks/stream_build.py), on tiny synthetic documents.

No labelled data is needed: these check that each transformation does what stream.py's docstring
says (cuts at sentence ends, outlet titles and URLs, exactly half undated, boilerplate on some).
"""

from __future__ import annotations

import re
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import stream as stream_bench
import stream_build as build

SENTENCE = "Mr. Okafor told the U.S. delegation on Jan. 4 that the talks in Vienna had failed, officials said."


def body(n: int, paragraphs: int = 8, sep: str = "\n\n") -> str:
    return sep.join(f"Paragraph {p} of report {n} begins here. {SENTENCE} It ended at noon." for p in range(paragraphs))


def source(n: int, dataset: str = "basil", title: str | None = "Talks fail in Vienna") -> build.Source:
    record: dict[str, object] = {"text": body(n)}
    if title:
        record["title"] = f"{title} {n}"
    return build.Source(dataset, f"event{n % 5}", f"topic{n % 3}", record, date(2010, 1, 1) + timedelta(days=n))


def test_cut_ends_at_a_sentence_end_within_the_limit() -> None:
    text = body(1)
    for limit in (100, 250, 800, 1000):
        opening = build.cut(text, limit)
        assert len(opening) <= limit
        assert text.startswith(opening)
        assert re.search(r"[.!?]$", opening), opening[-40:]
        assert not opening.endswith(("Mr.", "U.S.", "Jan.")), opening[-40:]


def test_cut_keeps_a_short_text_whole_and_a_long_first_sentence_whole() -> None:
    assert build.cut("One sentence. Two sentences.", 800) == "One sentence. Two sentences."
    long_first = "A " + "very " * 100 + "long sentence. Then a short one."
    assert build.cut(long_first, 50) == long_first[: long_first.index(".") + 1]


def test_sentence_ends_count_paragraph_ends_but_not_initials() -> None:
    text = "A headline without a stop\nJ. R. Smith met Dr. Lee. They spoke."
    ends = build.sentence_ends(text)
    assert text.index("\n") in ends
    assert text.index("Lee.") + 4 in ends
    assert text.index("J.") + 2 not in ends
    assert text.index("Dr.") + 3 not in ends


def test_headline_takes_a_headline_line_out_and_keeps_a_lead_sentence() -> None:
    title, rest = build.headline("Sudan bombs refugee camp\n\nThe army attacked a camp today. No one died.")
    assert title == "Sudan bombs refugee camp"
    assert rest.startswith("The army attacked")
    lead = "The army attacked a camp in the south of the country today, " + "witnesses said, " * 10 + "ok. More."
    title, rest = build.headline(lead)
    assert rest == lead
    assert len(title) <= build.TITLE_MAX + 3 and title.endswith("...")


def test_outlets_are_twelve_with_boilerplate_of_40_to_80_words() -> None:
    outlets = build.load_outlets()
    assert len(outlets) == 12
    assert len({o.name for o in outlets}) == len({o.domain for o in outlets}) == 12
    for outlet in outlets:
        assert "{title}" in outlet.title and outlet.sections
        assert 1 <= len(outlet.boilerplate) <= 2
        assert all(40 <= len(p.split()) <= 80 for p in outlet.boilerplate), outlet.name


def test_titles_get_the_outlets_suffix_and_section() -> None:
    outlets = {o.name: o for o in build.load_outlets()}
    assert build.dress_title("Talks fail", outlets["Example News"], "World") == "Talks fail | World | example-news.com"
    dressed = build.dress_title("Talks fail", outlets["The Daily Example"], "Politics")
    assert dressed == "Talks fail - Politics - The Daily Example"
    for outlet in outlets.values():
        title = build.dress_title("Talks fail", outlet, outlet.sections[0])
        assert "Talks fail" in title and title != "Talks fail"
        assert outlet.name in title or outlet.domain in title or "ANN" in title


def test_urls_are_on_the_outlets_domain_without_a_date() -> None:
    outlet = build.load_outlets()[0]
    url = build.url_for(outlet, "World News", "Talks fail in Vienna", "ab" * 20)
    assert url.startswith(f"https://www.{outlet.domain}/world-news/talks-fail-in-vienna-")
    assert not re.search(r"/(19|20)\d\d/", url)


def test_exactly_half_lose_their_date_and_keep_it_for_ordering() -> None:
    sources = [source(n) for n in range(40)]
    stream = build.build(sources, seed=3)
    undated = [item for item in stream if "published" not in item.record]
    assert len(undated) == 20
    for item in stream:
        drift = item.at - item.source.day.toordinal()
        if "published" in item.record:
            assert item.record["published"] == item.source.day.isoformat()
            assert 0 <= drift < 1
        else:
            assert -build.UNDATED_DRIFT <= drift < build.UNDATED_DRIFT + 1
    assert [item.at for item in stream] == sorted(item.at for item in stream)


def test_every_article_is_dressed_by_an_outlet() -> None:
    outlets = {o.name: o for o in build.load_outlets()}
    stream = build.build([source(n) for n in range(300)], seed=5)
    boilerplate = {p for o in outlets.values() for p in o.boilerplate}
    carrying = 0
    for item in stream:
        outlet = outlets[str(item.record["outlet"])]
        assert str(item.record["url"]).startswith(f"https://www.{outlet.domain}/")
        assert str(item.record["title"]).startswith(str(item.source.record["title"])) or outlet.name in str(
            item.record["title"]
        )
        paragraphs = str(item.record["text"]).split("\n\n")
        found = [p for p in paragraphs if p in boilerplate]
        assert all(p in outlet.boilerplate for p in found)  # only its own outlet's
        carrying += bool(found)
        kept = "\n\n".join(p for p in paragraphs if p not in boilerplate)
        assert len(kept) <= build.CUT_MAX and str(item.source.record["text"]).startswith(kept)
    assert 0.2 <= carrying / len(stream) <= 0.4
    assert len({item.record["outlet"] for item in stream}) == 12


def test_untitled_datasets_get_a_title_from_the_text_for_most() -> None:
    stream = build.build([source(n, "ecbplus", title=None) for n in range(90)], seed=1)
    titled = [item for item in stream if "title" in item.record]
    assert 0.5 <= len(titled) / len(stream) <= 0.8
    assert all("Paragraph 0 of report" in str(item.record["title"]) for item in titled)


def test_the_stream_is_seeded() -> None:
    sources = [source(n) for n in range(30)]
    assert build.build(sources, seed=1) == build.build(sources, seed=1)
    assert build.build(sources, seed=1) != build.build(sources, seed=2)
    stream = build.build(sources, seed=1)
    shuffled = build.shuffled(stream, seed=1)
    assert shuffled != stream and sorted(shuffled, key=lambda i: i.at) == stream


def test_clean_is_the_untransformed_articles_all_dated() -> None:
    sources = [source(n) for n in range(10)]
    for item in build.clean(build.build(sources, seed=1)):
        assert item.record == item.source.record | {"published": item.source.day.isoformat()}


def test_scores_are_per_dataset_slice() -> None:
    basil = [build.Source("basil", f"e{n % 2}", f"e{n % 2}", {"text": body(n)}, date(2010, 1, 1)) for n in range(4)]
    t17 = [build.Source("t17", f"t{n % 2}", f"t{n % 2}", {"text": body(n)}, date(2010, 1, 2)) for n in range(4, 8)]
    stream = build.build(basil + t17, seed=1)
    # the BASIL events found; every Timeline17 article put in the story of BASIL event e0
    predicted = [int(item.source.gold[1]) if item.source.dataset == "basil" else 0 for item in stream]
    found = stream_bench.score(stream, predicted)
    assert found["basil"]["b3_f1"] == pytest.approx(1.0) and found["basil"]["purity"] == 1.0
    assert found["t17"]["purity"] == pytest.approx(0.5)  # one story over both topics
    assert found["all"]["purity"] < 0.75  # the story of e0 also mixes datasets
    assert "b3_f1" not in found["t17"] and "ecbplus+basil" not in found
