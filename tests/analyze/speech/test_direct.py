"""Who speaks a direct quote (analyze/speech/direct.py) when the page prints the speaker oddly."""

from __future__ import annotations

from tests.analyze.speech.test_quotes import names, quote_with


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
        "Voters packed the hall.\n\n“Nobody expected this many people,” Texas delegate Omar Haddad, "
        "wearing a cowboy hat and “Vote Yes” campaign pins, said matter-of-factly as balloons fell around him."
    )
    assert names(quote_with(text, "Nobody expected"), "Omar Haddad")


def test_as_x_put_it_with_a_title_in_the_description() -> None:
    text = (
        "As Akhil Ramos, professor of law at Yale and author of “The Unwritten Charter,” put it, “Senators "
        "should remember that a compromise candidate today may be far better for them.”"
    )
    assert names(quote_with(text, "Senators should remember"), "Akhil Ramos")


def test_a_quote_ending_a_paragraph_does_not_take_the_next_paragraph_s_speaker() -> None:
    """The parser can run the second quote's sentence on into the next paragraph, whose "said" is
    someone else's."""
    text = (
        "It is a twist on how Senator Paul Vance, who has endorsed Moreno, was able to raise money.\n\n"
        "“In some ways it feels like we have won the lottery,” Moreno said. “There has been a natural donor "
        "base for someone willing to take on a person with a national profile who is seen as a failed leader.”"
        "\n\nVance, who has already sent fundraising pleas on Moreno's behalf, said he also may campaign for him."
    )
    assert names(quote_with(text, "There has been a natural donor base"), "Moreno")


def test_a_speaker_after_an_adjective_and_an_unknown_verb() -> None:
    text = "Reporters pressed the point.\n\n“France will always be France,” an angry Marc Duval retaliated."
    assert names(quote_with(text, "France will always be France"), "Marc Duval")


def test_a_person_a_quote_paragraph_follows_speaks_it() -> None:
    """The person is the subject of the paragraph before, though the parser does not make that
    sentence's main verb its root."""
    text = (
        "Conservative leader Richard Vogel backed the senator early.\n\n"
        "Vogel is upbeat about the senator's chances of winning in November, in part because he sees him "
        "as a uniter.\n\n“Not only can he win in November, he is the one with the best chance of winning.”"
    )
    assert names(quote_with(text, "Not only can he win"), "Vogel")
