"""Rewritten copies: every sentence reworded (clauses moved, sentences split and merged, other
words), the names, numbers and quotes kept in order, whole or cut to the page's opening; and an
independent report of the same event, with many of the same names and a shared quote, which
must never count as a copy, whole or cut."""

from __future__ import annotations

from pathlib import Path

from storyline.analyze.signals.features import compute
from storyline.corpus.copies import (
    MIN_OPENING,
    OPENING_CONTAINMENT,
    REORDER_WINDOW,
    SHORT_OPENING,
    compare,
    opening_containment,
    opening_keys,
    skeleton_weight,
)
from storyline.records import Features
from tests.helpers import copy_links, read_text

ORIGINAL = [
    "Dock workers at the port of Antwerp walked off the job on Monday, halting the loading of 140 container ships and leaving 9,000 trucks queued on the approach roads, the port authority said.",
    "The strike, called by the ACV-Transcom union after talks with the employers' group Cepa broke down on Friday, is the first full stoppage at Europe's second-largest port since 2018.",
    "“We did not choose this fight, but we will not accept wages that fall further behind prices every year,” said Kris Peeters, who leads the union's dockers' section, speaking to reporters outside the Noordkasteel gate.",
    "Cepa said its offer of a 4.5 percent rise over two years was fair and warned that the stoppage would cost the port about 25 million euros a day.",
    "Belgian Economy Minister Pierre-Yves Dermagne called both sides to a meeting in Brussels on Wednesday and said the government was ready to appoint a mediator.",
    "Shipping lines Maersk and MSC began diverting vessels to Rotterdam and Hamburg, where port officials said they could take in 30 extra ships this week.",
    "“Every day of this strike sends cargo to our competitors, and some of it will not come back,” said Jacques Vandermeiren, the chief executive of the Port of Antwerp-Bruges.",
    "The union said its members would return to work only if the employers raised their offer to at least 7 percent and dropped plans to extend night shifts from 2025.",
    "Chemical makers BASF and Ineos, which run large plants beside the docks, said they had enough stock for about 10 days before production would have to slow.",
    "Police said 300 strikers gathered peacefully at the port's main entrance on Monday evening, and no arrests were made, while Flemish premier Matthias Diependaele urged a quick deal.",
]
# What a content farm's language model makes of it: a new headline, every sentence reworded.
REWRITE = [
    "According to the port authority, 140 container ships could not be loaded on Monday once dockers in Antwerp stopped work. Some 9,000 lorries were left waiting on the roads leading in.",
    "Called by the ACV-Transcom union when negotiations with Cepa, the employers' organisation, collapsed on Friday, the walkout is the first complete shutdown of Europe's number-two port since 2018.",
    "Kris Peeters, head of the union's dockers' section, told journalists at the Noordkasteel gate: “We did not choose this fight, but we will not accept wages that fall further behind prices every year.”",
    "The employers at Cepa described their proposal of a 4.5 percent increase across two years as reasonable. The shutdown, they cautioned, would cost the harbour roughly 25 million euros daily.",
    "A mediator could be named, Belgium's economy minister Pierre-Yves Dermagne said, as he summoned the two camps to talks in Brussels on Wednesday.",
    "Rotterdam and Hamburg, where officials said 30 additional vessels could be handled this week, started receiving ships that Maersk and MSC rerouted.",
    "“Every day of this strike sends cargo to our competitors, and some of it will not come back,” warned Jacques Vandermeiren, who runs the Port of Antwerp-Bruges.",
    "Only a raised offer of 7 percent or more, and an end to plans for longer night shifts from 2025, would bring its members back, the union said.",
    "BASF and Ineos, whose big chemical plants sit next to the docks, reported stocks for roughly 10 days before output would need to be cut.",
    "Some 300 strikers gathered without incident at the main gate on Monday evening and nobody was arrested, police said. Matthias Diependaele, the Flemish premier, called for a swift agreement.",
]
# Another outlet's own report of the same day: many of the same names, one of the same quotes.
INDEPENDENT = [
    "Antwerp, Europe's second-biggest port, came to a standstill on Monday as thousands of dockers heeded a strike call from ACV-Transcom.",
    "Maersk said it was rerouting ships to Rotterdam, and MSC told customers to expect delays of up to a week on routes to Asia.",
    "The dispute centres on pay. Cepa, which represents port employers, has offered 4.5 percent; the union wants more and says inflation has eaten into wages since 2022.",
    "“We did not choose this fight, but we will not accept wages that fall further behind prices every year,” Kris Peeters said at a rally.",
    "Jacques Vandermeiren, the port's chief executive, put the cost at 25 million euros a day and said customers were already looking elsewhere.",
    "Pierre-Yves Dermagne, the economy minister, invited both sides to Brussels and said a mediator could be appointed if talks failed again.",
    "BASF said its Antwerp site, the group's second-largest, could run for about 10 days on current stocks.",
    "Hundreds of strikers marched to the port authority's offices, where Matthias Diependaele, the Flemish premier, met a delegation and urged both sides to settle.",
    "Truck drivers waiting near the Noordkasteel gate said they had been told the queues would not clear before Wednesday.",
    "The last comparable stoppage, in 2018, lasted three days and cost the port an estimated 60 million euros.",
]


# A short page that restates the story's background, naming its main actor again and again, and a
# later report that opens with the same background: one does not copy the other.
BACKGROUND_PAGE = [
    "Cepa, the group of Antwerp port employers, is taking the ACV-Transcom union to court.",
    "Cepa says the strike that shut Antwerp in March broke the law.",
    "Cepa wants the union to pay for the losses, and the union says Cepa refused to talk for weeks.",
    "Ships were sent to Rotterdam during the strike, which lasted nine weeks in Antwerp.",
]
COURT_REPORT = [
    "Cepa, which speaks for the employers of Antwerp's port, sued the ACV-Transcom union on Tuesday over the strike that halted Antwerp in March, asking a commercial court in Brussels for damages.",
    "Cepa's lawyers told the court that the union had ignored a notice period and that Cepa members lost business to Rotterdam and Hamburg until the stoppage ended.",
    "The union's lawyer, Els Janssens, said the case was an attempt to intimidate workers and that the strike had been announced 14 days in advance, as the law requires.",
    "“This is about whether dockers may strike at all,” Janssens said outside the court.",
    "A ruling is expected on September 12.",
]


def features(paragraphs: list[str], title: str | None = None) -> Features:
    text = (title + "\n" if title else "") + "\n\n".join(paragraphs) + "\n"
    return compute(read_text(text))


def opening(paragraphs: list[str], characters: int) -> list[str]:
    """The paragraphs a crawler keeps when it keeps the first `characters` of a page."""
    kept: list[str] = []
    for paragraph in paragraphs:
        if sum(len(p) for p in kept) + len(paragraph) > characters:
            break
        kept.append(paragraph)
    return kept


def test_a_rewrite_of_every_sentence_is_a_paraphrase_copy() -> None:
    link = compare(features(REWRITE, "Antwerp port grinds to a halt as dockers strike"), features(ORIGINAL), "orig")
    assert link is not None and link.kind == "paraphrase"
    assert link.evidence["jaccard"] < 0.3  # shingles alone would not have found it


def test_a_rewrite_cut_to_its_opening_is_a_copy_of_the_whole_original() -> None:
    cut = opening(REWRITE, 900)
    assert 3 <= len(cut) < len(REWRITE)
    link = compare(features(cut), features(ORIGINAL), "orig")
    assert link is not None and link.kind == "paraphrase"
    assert link.evidence["skeleton_opening"] >= OPENING_CONTAINMENT
    # and the other way round: the cut page stored first, the whole rewrite arriving later
    assert compare(features(ORIGINAL), features(cut), "cut") is not None


def test_an_independent_report_of_the_same_event_is_not_a_copy_whole_or_cut() -> None:
    for report in (INDEPENDENT, opening(INDEPENDENT, 900)):
        assert compare(features(report), features(ORIGINAL), "orig") is None
        assert compare(features(ORIGINAL), features(report), "indep") is None
        assert compare(features(report), features(REWRITE), "rewrite") is None


def test_a_short_page_that_mostly_repeats_one_name_is_no_copy_of_a_report_opening_alike() -> None:
    page, report = features(BACKGROUND_PAGE), features(COURT_REPORT)
    assert len(page.skeleton) >= SHORT_OPENING  # enough tokens, counted one by one
    assert opening_containment(page.skeleton, report.skeleton) >= OPENING_CONTAINMENT
    assert skeleton_weight(page.skeleton) < MIN_OPENING  # but "Cepa" four times says less
    assert compare(page, report, "report") is None
    assert compare(report, page, "page") is None


def test_an_opening_candidate_is_judged_on_its_opening_alone() -> None:
    """The loose opening sketch brings candidates the shingle test must not judge: a short page
    that is mostly an outlet's footer is "contained" in any long page ending with that footer."""
    footer = [
        "Sign up for the Harbour Wire morning briefing, the five stories you need before nine, in your inbox every weekday.",
        "Harbour Wire is a member of the Independent Press Standards Organisation, and its journalism is funded by readers like you.",
    ]
    page = features(["Dockers march past the Noordkasteel gate in Antwerp on Monday.", *footer])
    report = features([*COURT_REPORT, *footer])
    assert compare(page, report, "report") is not None  # the shingle test, on a candidate of its own spaces
    assert compare(page, report, "report", opening_only=True) is None


def test_a_cut_and_its_original_are_opening_candidates_of_each_other() -> None:
    cut, whole = features(opening(REWRITE, 900)), features(ORIGINAL)
    assert set(opening_keys(cut.skeleton)) & set(opening_keys(whole.skeleton))
    assert opening_keys(tuple(f"t{i}" for i in range(MIN_OPENING - 1))) == []  # too short to say anything


def test_opening_containment_forgives_a_token_moved_a_few_places_but_not_a_shuffle() -> None:
    longer = tuple(f"t{i}" for i in range(40))
    assert opening_containment(longer[:20], longer) == 1.0
    moved = list(longer[:20])
    moved.insert(REORDER_WINDOW + 2, moved.pop(2))  # "Y, X said" for "X said that Y"
    assert opening_containment(tuple(moved), longer) == 1.0
    assert opening_containment(tuple(reversed(longer[:20])), longer) < 0.5
    assert opening_containment(longer[25:], longer) == 0.0  # the same names, further on: not the opening


def test_pipeline_links_the_rewrite_and_its_cut_to_the_original_and_not_the_other_report(tmp_path: Path) -> None:
    texts = {
        "a_original.txt": "Antwerp dockers strike over pay\n" + "\n\n".join(ORIGINAL),
        "b_independent.txt": "Strike shuts Antwerp port\n" + "\n\n".join(INDEPENDENT),
        "c_rewrite.txt": "Antwerp port grinds to a halt as dockers strike\n" + "\n\n".join(REWRITE),
        "d_cut.txt": "Dockers bring Antwerp to a standstill\n" + "\n\n".join(opening(REWRITE, 900)),
        "e_independent_cut.txt": "Antwerp at a standstill\n" + "\n\n".join(opening(INDEPENDENT, 900)),
    }
    links = copy_links(tmp_path, texts)
    assert links == {
        "c_rewrite.txt": ("a_original.txt", "paraphrase"),
        "d_cut.txt": ("a_original.txt", "paraphrase"),
        "e_independent_cut.txt": ("b_independent.txt", "near-duplicate"),
    }
