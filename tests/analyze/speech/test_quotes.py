"""Quotes and their speakers: the sample's gold quotes, and general cases on sentences of our own
(other names, other events), one rule per test so a failure says which rule broke."""

from __future__ import annotations

import importlib
import re
from functools import cache
from typing import Any

import pytest
import yaml
from spacy.tokens import Doc

from storyline.analyze import nlp
from storyline.analyze.actors.entmentions import entity_mentions
from storyline.analyze.speech.quotes import find_attributions, find_quotes
from storyline.analyze.speech.speakers import reporting_verbs
from storyline.records import Mention, Quote
from tests.helpers import SAMPLE, read_text

GOLD: dict[str, Any] = yaml.safe_load((SAMPLE / "gold.yaml").read_text("utf-8"))


def mentions_of(doc: Doc) -> list[Mention]:
    """The actors step's mentions when it exists, else spaCy's entities."""
    try:
        actors = importlib.import_module("storyline.analyze.actors.mentions")
    except ImportError:
        return entity_mentions(doc)
    return list(actors.find_mentions(doc))


@cache
def quotes_of(text: str) -> list[Quote]:
    doc = nlp.load()(text)
    return find_quotes(doc, mentions_of(doc))


def _fold(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().rstrip(",.;: ").lower()


def quote_with(text: str, words: str, kind: str | None = None) -> Quote:
    hits = [q for q in quotes_of(text) if _fold(words) in _fold(q.text) and (kind is None or q.kind == kind)]
    assert hits, f"no quote containing {words!r} in {[q.text for q in quotes_of(text)]}"
    return hits[0]


def names(q: Quote, name: str) -> bool:
    """The speaker is the named person (the actors step may keep a title the adapter drops) and its
    offsets point at the words of the name."""
    assert q.speaker is not None and name in q.speaker, f"{q.speaker!r} is not {name!r}"
    assert q.speaker_start is not None and q.speaker_end is not None
    return q.speaker.endswith(name) or name in q.speaker


# -- the sample --------------------------------------------------------------------------------


@cache
def sample_body(prefix: str) -> str:
    name = next(p.name for p in sorted(SAMPLE.glob(f"{prefix}_*.txt")))
    article = read_text((SAMPLE / name).read_text("utf-8"), str(SAMPLE / name))
    return article.body


@pytest.mark.parametrize("gold", GOLD["quotes"], ids=lambda g: f"{g['file']}-{g['text'][:30]}")
def test_sample_gold_quote_and_speaker(gold: dict[str, str]) -> None:
    body = sample_body(gold["file"])
    quote = quote_with(body, gold["text"], kind="direct")
    assert quote.speaker is not None
    if gold["speaker"].startswith("unnamed"):
        assert quote.speaker.startswith("unnamed:")
    else:
        assert gold["speaker"].split()[-1].lower()[:7] in quote.speaker.lower()
        assert quote.speaker_start is not None and quote.speaker_end is not None
        assert body[quote.speaker_start : quote.speaker_end] == quote.speaker


# -- direct quotes: the marks ------------------------------------------------------------------


def test_offsets_are_the_words_inside_the_marks() -> None:
    text = "“The bridge will reopen in May,” the mayor, Ana Lopes, said on Friday."
    q = quote_with(text, "The bridge will reopen in May")
    assert text[q.start : q.end] == q.text == "The bridge will reopen in May,"
    assert q.kind == "direct"


def test_straight_and_curly_marks() -> None:
    straight = 'The strike is over, said nobody. "We have a deal," Maria Gonzalez told reporters.'
    curly = "“We have a deal,” Maria Gonzalez told reporters."
    for text in (straight, curly):
        q = quote_with(text, "We have a deal")
        assert names(q, "Maria Gonzalez")
        assert q.cue == "told"


def test_split_quote_has_one_speaker() -> None:
    text = "“We are ready,” Olaf Brandt said, “to sign the treaty tomorrow.”"
    first, second = quote_with(text, "We are ready"), quote_with(text, "to sign the treaty")
    assert names(first, "Olaf Brandt") and names(second, "Olaf Brandt")


def test_nested_single_quotes_stay_inside() -> None:
    text = "“They told us ‘wait until spring’ and we waited,” said farmer Pieter de Vries."
    q = quote_with(text, "They told us")
    assert "‘wait until spring’" in q.text
    assert q.speaker is not None and "de Vries" in q.speaker


def test_speaker_after_the_quote_inverted() -> None:
    text = "“Talks will resume next week,” said Foreign Minister Lars Nilsen."
    q = quote_with(text, "Talks will resume")
    assert names(q, "Lars Nilsen")
    assert q.cue == "said"


def test_speaker_before_the_quote_with_colon() -> None:
    text = "Senator Ruth Adeyemi told the committee: “This budget is not serious.”"
    q = quote_with(text, "This budget is not serious")
    assert names(q, "Ruth Adeyemi")


def test_according_to_after_a_quote() -> None:
    text = "“The convoy was never in danger,” according to Colonel Ivan Petrenko."
    q = quote_with(text, "The convoy was never in danger")
    assert q.speaker is not None and "Petrenko" in q.speaker
    assert q.cue == "according to"


def test_partial_quote_attributed_to_the_sentence_speaker() -> None:
    text = "Chancellor Greta Holm called the decision a “historic mistake” during the debate."
    q = quote_with(text, "historic mistake")
    assert names(q, "Greta Holm")


def test_partial_quote_by_agent() -> None:
    text = "The vote was described as a “betrayal of farmers” by opposition leader Tomas Varga on Monday."
    q = quote_with(text, "betrayal of farmers")
    assert q.speaker is not None and "Varga" in q.speaker


def test_scare_quotes_without_speaker_are_dropped() -> None:
    text = "The ministry announced a “reset” of the programme.\n\nA new “task force” will meet."
    assert not [q for q in quotes_of(text) if q.text in ("task force",)]


# -- speakers ----------------------------------------------------------------------------------


def test_pronoun_resolves_to_the_person_the_paragraph_is_about() -> None:
    text = (
        "Coach Miguel Herrera criticised the referee after the match against Lyon.\n\n"
        "“We were robbed of a penalty,” he said."
    )
    q = quote_with(text, "We were robbed")
    assert names(q, "Miguel Herrera")
    assert q.speaker_start == text.index("Miguel Herrera")


def test_pronoun_skips_people_named_inside_quotes_and_as_objects() -> None:
    text = (
        "Governor Helen Okafor met union leaders on Tuesday.\n\n"
        "“I told Frank Miller we would not move,” she said, after meeting Carlos Ruiz."
    )
    q = quote_with(text, "we would not move")
    assert names(q, "Helen Okafor")


def test_pronoun_prefers_the_previous_quote_speaker() -> None:
    text = (
        "“The harvest is the worst in decades,” Agriculture Minister Kofi Mensah said.\n\n"
        "“We will import grain,” he added."
    )
    q = quote_with(text, "We will import grain")
    assert names(q, "Kofi Mensah")
    assert q.cue == "added"


def test_paragraph_that_is_only_a_quote_continues_the_speaker() -> None:
    text = "“Prices will fall,” central bank governor Elena Sorensen said.\n\n“Not this year, but next.”"
    q = quote_with(text, "Not this year")
    assert names(q, "Elena Sorensen")


def test_unnamed_sources() -> None:
    text = "“The deal is done,” a senior European official said.\n\n“Only the signing is left,” the official added."
    first = quote_with(text, "The deal is done")
    assert first.speaker is not None and first.speaker.startswith("unnamed:")
    assert "official" in first.speaker
    assert first.speaker_start is not None and text[first.speaker_start : first.speaker_end].endswith("official")
    second = quote_with(text, "Only the signing")
    assert second.speaker is not None and second.speaker.startswith("unnamed:")


def test_document_as_speaker() -> None:
    text = "The statement said: “The company regrets the delay and will compensate customers.”"
    q = quote_with(text, "The company regrets")
    assert q.speaker is not None and q.speaker.lower() == "the statement"


def test_organisation_and_country_speak() -> None:
    text = "“Our embassy remains open,” Canada said. The World Health Organization said the outbreak was contained."
    assert names(quote_with(text, "Our embassy"), "Canada")
    indirect = quote_with(text, "the outbreak was contained", kind="indirect")
    assert names(indirect, "World Health Organization")


# -- indirect speech ----------------------------------------------------------------------------


def test_indirect_said_that() -> None:
    text = "President Ana Duarte said the reform would be delayed until 2027."
    q = quote_with(text, "the reform would be delayed until 2027", kind="indirect")
    assert names(q, "Ana Duarte")
    assert q.cue == "said"
    assert text[q.start : q.end] == q.text


def test_indirect_told_reporters_that_and_warned() -> None:
    text = "Mayor Jonas Berg told reporters that the tunnel was safe. Engineer Priya Nair warned that cracks were spreading."
    told = quote_with(text, "the tunnel was safe", kind="indirect")
    assert names(told, "Jonas Berg") and told.cue == "told"
    assert not told.text.startswith("that")
    warned = quote_with(text, "cracks were spreading", kind="indirect")
    assert names(warned, "Priya Nair") and warned.cue == "warned"


def test_according_to_clause() -> None:
    text = "According to the Red Cross, more than 300 families have lost their homes."
    q = quote_with(text, "more than 300 families have lost their homes", kind="indirect")
    assert q.speaker is not None and "Red Cross" in q.speaker
    assert q.cue == "According to"


def test_clause_then_cue() -> None:
    text = "The border crossing will reopen on Monday, officials said."
    q = quote_with(text, "The border crossing will reopen on Monday", kind="indirect")
    assert q.speaker is not None and q.speaker.startswith("unnamed:")


def test_no_quote_without_reported_speech() -> None:
    assert quotes_of("The river rose two metres overnight and the bridge was closed.") == []


def test_attribution_keeps_the_printed_pronoun() -> None:
    text = "Inspector Maya Cohen arrived at noon.\n\n“Nobody leaves the building,” she said."
    doc = nlp.load()(text)
    (att,) = [a for a in find_attributions(doc, entity_mentions(doc)) if a.quote.kind == "direct"]
    assert att.source_start is not None and text[att.source_start : att.source_end] == "she"
    assert names(att.quote, "Maya Cohen")


def test_lexicon_has_inflections_not_lemmas() -> None:
    verbs = reporting_verbs()
    assert {"said", "says", "saying", "told", "warned", "added", "wrote"} <= verbs


# -- conventions beyond "X said" ----------------------------------------------------------------


def test_byline_under_a_quote() -> None:
    text = "“The schools must reopen.” ― Maria Lindqvist\n“Nobody asked the parents.” ― Samuel Okoro\n"
    assert names(quote_with(text, "The schools must reopen"), "Maria Lindqvist")
    assert names(quote_with(text, "Nobody asked the parents"), "Samuel Okoro")


def test_quote_introduced_by_a_colon_after_a_name() -> None:
    text = "The result did not surprise pollster Rachel Whitfield: “Turnout decided it, nothing else.”"
    q = quote_with(text, "Turnout decided it")
    assert names(q, "Rachel Whitfield")


def test_block_quote_after_an_introducing_paragraph() -> None:
    text = "As Henrik Dahl wrote in his report:\n\n“The reactor was never inspected after the flood.”"
    q = quote_with(text, "The reactor was never inspected")
    assert names(q, "Henrik Dahl")


def test_unknown_verb_after_the_quote() -> None:
    text = "“Get off my land,” Walter Brennan growled at the surveyors."
    assert names(quote_with(text, "Get off my land"), "Walter Brennan")


def test_exclamation_then_name_and_cue() -> None:
    text = "“We won!” Fatima Rahimi said, hugging her team."
    assert names(quote_with(text, "We won"), "Fatima Rahimi")


def test_titles_in_quote_marks_are_not_quotes() -> None:
    text = "“We will cut taxes,” Senator Paul Kessler said on “Meet the Press.”"
    texts = [q.text for q in quotes_of(text)]
    assert not any("Meet the Press" in t for t in texts)
    assert names(quote_with(text, "We will cut taxes"), "Paul Kessler")


def test_typewriter_quote_marks() -> None:
    text = "``The budget is balanced,'' Treasurer Nadia Wolff said."
    q = quote_with(text, "The budget is balanced")
    assert names(q, "Nadia Wolff")
    assert text[q.start : q.end] == q.text


def test_transcript_turns() -> None:
    text = (
        "Anchor Lisa Harmon interviewed Governor Tom Reyes on Sunday.\n\n"
        "HARMON: Will you sign the bill this week?\n\nREYES: I will sign it on Monday morning."
    )
    q = quote_with(text, "I will sign it on Monday morning")
    assert q.kind == "direct"
    assert names(q, "Tom Reyes")
    assert q.cue == ":"


def test_parenthetical_cue_splits_the_clause() -> None:
    text = "The new stadium, Mayor Ingrid Solberg said, will open before the summer games."
    q = quote_with(text, "will open before the summer games", kind="indirect")
    assert names(q, "Ingrid Solberg")


def test_directive_verb_with_infinitive() -> None:
    text = "Prime Minister Kwame Asante urged the rebels to lay down their weapons."
    q = quote_with(text, "to lay down their weapons", kind="indirect")
    assert names(q, "Kwame Asante")
    assert q.cue == "urged"


def test_first_person_writer_is_kept_as_printed() -> None:
    text = "“Your Honor, I regret nothing,” I said."
    q = quote_with(text, "I regret nothing")
    assert names(q, "I")


def test_closing_mark_glued_to_the_name() -> None:
    text = "“The bridge will stay closed until spring,”Engineer Olga Brandt said on Friday."
    q = quote_with(text, "The bridge will stay closed until spring")
    assert names(q, "Olga Brandt")
    assert q.cue == "said"


def test_closing_mark_glued_to_the_cue() -> None:
    text = "“Our harvest was the best in a decade,”said Farmer Tomas Vidal."
    assert names(quote_with(text, "Our harvest was the best in a decade"), "Tomas Vidal")


def test_closing_mark_glued_to_a_pronoun() -> None:
    text = "Coach Marta Ilves spoke after the final. “We played without fear,”she said."
    assert names(quote_with(text, "We played without fear"), "Marta Ilves")


def test_as_someone_put_it() -> None:
    text = "As Rafael Ortiz, a historian at the archive, recently put it, “Every map is an argument.”"
    q = quote_with(text, "Every map is an argument")
    assert names(q, "Rafael Ortiz")
    assert q.cue == "put"


def test_called_for_reports_its_object() -> None:
    text = "Governor Lena Voss called for an independent inquiry into the flooding."
    q = quote_with(text, "an independent inquiry into the flooding", kind="indirect")
    assert names(q, "Lena Voss")
    assert q.cue == "called"


def test_cited_reports_its_object() -> None:
    text = "Minister Arjun Mehta cited the falling price of grain."
    q = quote_with(text, "the falling price of grain", kind="indirect")
    assert names(q, "Arjun Mehta")


def test_finding_of_a_study_or_poll() -> None:
    text = "A survey by the Larkin Institute shows that most commuters would pay more for faster trains."
    q = quote_with(text, "most commuters would pay more for faster trains", kind="indirect")
    assert q.cue == "shows"
    assert q.speaker is not None and "survey" in q.speaker


def test_show_without_a_clause_is_not_a_quote() -> None:
    text = "The photo shows a crowd outside the stadium on Saturday night."
    assert not [q for q in quotes_of(text) if q.kind == "indirect"]


def test_closing_mark_printed_as_opening() -> None:
    text = "Dr. Helga Moss wrote:\n\n”Every patient deserves a second opinion.” ― Helga Moss"
    q = quote_with(text, "Every patient deserves a second opinion")
    assert q.kind == "direct"
    assert q.text.startswith("Every")


def test_opening_mark_printed_as_closing() -> None:
    text = "Mayor Ruth Okafor made the following remark:\n\n“The river is cleaner than it has been in fifty years.“"
    q = quote_with(text, "The river is cleaner than it has been in fifty years")
    assert q.text.startswith("The river")
    assert names(q, "Ruth Okafor")


def test_name_and_verb_before_a_colon_is_not_a_headline() -> None:
    text = "Brandt spoke first.\n\nKessler continued: “We have the votes, and we will use them next week.”"
    q = quote_with(text, "We have the votes")
    assert q.kind == "direct"
    assert names(q, "Kessler")
    assert q.cue == "continued"
    assert not [x for x in quotes_of(text) if x.cue == ":"]


def test_document_introduces_a_block_quote() -> None:
    text = (
        "The port authority published its findings on Monday. The full statement follows:\n\n"
        "“The cranes at the north terminal will be replaced over the next two winters.”"
    )
    q = quote_with(text, "The cranes at the north terminal")
    assert q.speaker is not None and "statement" in q.speaker
    assert q.cue == ":"


def test_accused_reports_whom_and_of_what() -> None:
    text = "Councillor Ines Farrow accused the water board of hiding the test results."
    q = quote_with(text, "the water board of hiding the test results", kind="indirect")
    assert names(q, "Ines Farrow")
    assert q.cue == "accused"


def test_accused_without_a_charge_is_not_a_quote() -> None:
    text = "Councillor Ines Farrow accused the water board."
    assert not quotes_of(text)
