"""A brief's renderings: citations after every sentence, and untrusted text never becoming markup."""

from __future__ import annotations

from storyline.report.brief import Brief, BriefActor, BriefQuote, BriefSentence, choose
from storyline.report.render import html, markdown, text
from storyline.service.timeline import ClaimView, SourceView, TimelineEntryView

EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def src(article: str, outlet: str | None = "Wire", url: str | None = None, day: str = "2025-06-01") -> SourceView:
    return SourceView(article, outlet, 0, 10, day, url)


def entry(text: str, day: str, *sources: SourceView, independent: int | None = None) -> TimelineEntryView:
    n = independent if independent is not None else len({s.outlet for s in sources})
    return TimelineEntryView("t" + text[:5], 1, day, day, day, "day", text, [], list(sources), n)


def sample_brief() -> Brief:
    sentences = [
        BriefSentence(f"Talks began in Karvel {EVIL}.", "2025-06-01", [src("a", EVIL, "javascript:alert(3)")], 1),
        BriefSentence(
            "A truce was agreed.", "2025-06-02", [src("b", "Wire", "https://example.org/x"), src("c", "Post")], 2
        ),
    ]
    claim = ClaimView("c1", 1, "Some 40 [bombers](http://evil) were hit.", "quantity", "bomber", {"value": 40.0, "shown": "some 40"},
                      "corroborated", [src("a"), src("b", "Post")], 2, [], None, [])  # fmt: skip
    quote = BriefQuote(EVIL, f"We are ready {EVIL}", [src("a")], 1)
    return Brief(1, f"Story {EVIL}", "2025-06-01", "2025-06-02", 3, 2, sentences, [BriefActor(1, EVIL, [EVIL])],
                 [claim], [], [quote])  # fmt: skip


def test_html_escapes_everything_the_articles_say() -> None:
    page = html(sample_brief())
    assert "<script>" not in page and 'onerror="' not in page  # the attribute is text, its quotes escaped
    assert "&lt;script&gt;" in page
    assert 'href="javascript:' not in page  # a URL that is no web address is not linked as such
    assert 'href="https://example.org/x#:~:text=' in page  # the sentence highlighted at the source
    assert page.count("<p>") >= 3 and "single source" in page


def test_markdown_escapes_markup_and_links_each_citation() -> None:
    md = markdown(sample_brief())
    assert "<script>" not in md and "\\<script\\>" in md
    assert "[bombers](http://evil)" not in md
    assert "(https://example.org/x#:~:text=A%20truce%20was%20agreed.)" in md
    assert "article/a#0-10" in md


def test_text_marks_single_source_sentences_and_cites_every_one() -> None:
    lines = text(sample_brief()).splitlines()
    said = [line for line in lines if line.startswith(("Talks", "A truce"))]
    assert said[0].endswith("(single source)") and "[" in said[0]
    assert "[Wire, 2025-06-01; Post, 2025-06-01]" in said[1] and not said[1].endswith("(single source)")


def test_choose_prefers_what_more_outlets_tell_and_tells_it_in_time_order() -> None:
    many = entry(
        "Rebels took the city of Karvel after a week of fighting.",
        "2025-06-03",
        src("a", "A"),
        src("b", "B"),
        src("c", "C"),
    )
    one = entry("A local official resigned over the water supply in a nearby town.", "2025-06-01", src("d", "D"))
    again = entry(
        "Rebels took the city of Karvel after a week of heavy fighting.", "2025-06-04", src("e", "E"), src("f", "F")
    )
    chosen = choose([one, many, again], [], "2025-06-01", words=15)
    assert [s.text for s in chosen] == [many.text]  # the best supported, and not its near-repeat
    both = choose([one, many], [], "2025-06-01", words=200)
    assert [s.date for s in both] == ["2025-06-01", "2025-06-03"]
    assert both[0].single_source and not both[1].single_source


def test_a_quote_tail_or_a_fragment_is_never_a_brief_sentence() -> None:
    tail = entry(
        "Third – the return of abducted children,” he said on Sunday.", "2025-06-01", src("a", "A"), src("b", "B")
    )
    lower = entry(
        "and then the talks resumed in Karvel after a long break.", "2025-06-01", src("a", "A"), src("b", "B")
    )
    whole = entry("“We are ready,” the minister said after the talks in Karvel.", "2025-06-02", src("c", "C"))
    assert [s.text for s in choose([tail, lower, whole], [], "2025-06-01")] == [whole.text]
