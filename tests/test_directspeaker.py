"""Who speaks a direct quote (analyze/directspeaker.py) when the page prints the speaker oddly."""

from __future__ import annotations

from tests.test_quotes import names, quote_with


def test_an_opening_mark_glued_to_the_cue() -> None:
    """Pages print `said,“Look` without a space: the tokenizer must still see the verb."""
    q = quote_with("Mayor Ruth Okafor said,“Look, the bridge is safe and it stays open.”", "the bridge is safe")
    assert names(q, "Okafor") and q.cue == "said"


def test_an_age_as_the_speaker() -> None:
    text = "The retired nurse spoke first.\n\n“We waited nine hours for a bus,” said the 71-year-old."
    q = quote_with(text, "We waited nine hours")
    assert q.speaker == "the 71-year-old"


def test_a_title_inside_the_speaker_s_description_does_not_end_the_search() -> None:
    text = (
        "“Nobody expected this many people,” delegate Omar Haddad, wearing a “Vote Yes” badge, "
        "said as the doors closed."
    )
    assert names(quote_with(text, "Nobody expected"), "Omar Haddad")


def test_a_quote_ending_a_paragraph_does_not_take_the_next_paragraph_s_speaker() -> None:
    text = (
        "“The harvest was good,” Ilse Brandt said. “Prices were not.”\n\n"
        "Farm minister Karl Weber said the subsidies would rise next year."
    )
    assert names(quote_with(text, "Prices were not"), "Ilse Brandt")


def test_a_speaker_after_an_adjective_and_an_unknown_verb() -> None:
    text = "Reporters pressed the point.\n\n“The country will never give up,” an angry Marc Duval retorted."
    assert names(quote_with(text, "The country will never give up"), "Marc Duval")


def test_a_person_a_quote_paragraph_follows_speaks_it() -> None:
    text = (
        "Analysts were divided.\n\n"
        "Pollster Dana Whitfield, though, is upbeat about the governor's chances.\n\n"
        "“She can win every county north of the river.”"
    )
    assert names(quote_with(text, "She can win every county"), "Dana Whitfield")
