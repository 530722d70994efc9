"""Story titles from headlines and leads: a dot after an abbreviation ends no title."""

from __future__ import annotations

import pytest

from storyline.corpus.stages import stories as stage


@pytest.mark.parametrize(
    ("lead", "title"),
    [
        (
            "Maine Gov. Paul LePage said on Tuesday he would veto the bill. Lawmakers met.",
            "Maine Gov. Paul LePage said on Tuesday he would veto the bill.",
        ),
        (
            "Rep. Bob Etheridge, D-N.C., apologized on Monday. He said so.",
            "Rep. Bob Etheridge, D-N.C., apologized on Monday.",
        ),
        ("The N.C. congressman apologized on Monday. He said so.", "The N.C. congressman apologized on Monday."),
        ("The U.S. Senate voted on Friday. It passed.", "The U.S. Senate voted on Friday."),
        (
            "Paul J. Fishman, the U.S. attorney, spoke on Jan. 5 in Newark. Next.",
            "Paul J. Fishman, the U.S. attorney, spoke on Jan. 5 in Newark.",
        ),
        ("The G.O.P. leader Harry Reid said no. Then he left.", "The G.O.P. leader Harry Reid said no."),
        (
            "Former Rep. Jesse Jackson Jr. (D-Ill.) pleaded guilty. He wept.",
            "Former Rep. Jesse Jackson Jr. (D-Ill.) pleaded guilty.",
        ),
        (
            "AUGUSTA, Me. — Gov. Paul LePage spoke on Tuesday. He left.",
            "AUGUSTA, Me. — Gov. Paul LePage spoke on Tuesday.",
        ),
    ],
)
def test_a_lead_is_cut_at_its_first_sentence_end_not_at_an_abbreviation(lead: str, title: str) -> None:
    assert stage.short_title(lead) == title


@pytest.mark.parametrize(
    ("lead", "title"),
    [
        ("Troops were sent to the U.S. The president said so.", "Troops were sent to the U.S."),
        ("He flew to Phoenix, Ariz. The governor met him.", "He flew to Phoenix, Ariz."),
        ("“We will win,” he said. “Never.”", "“We will win,” he said."),
        ("Did it work? Nobody knows.", "Did it work?"),
    ],
)
def test_a_sentence_still_ends_after_an_abbreviation_where_the_next_one_starts(lead: str, title: str) -> None:
    assert stage.short_title(lead) == title


def test_a_headline_is_kept_whole() -> None:
    """The headline the input gave is a title as it is: never split at a dot, nor cut short."""
    headline = "Vicente Fox and Felipe Calderón, 2 Ex-Presidents of Mexico, Say No Way Country Is Paying for Donald Trump's Wall"
    assert stage.story_title("N.C. Congressman Apologizes for Grabbing Student", "lead.") == (
        "N.C. Congressman Apologizes for Grabbing Student"
    )
    assert stage.story_title(headline, None) == headline
    assert stage.story_title(None, "A lead. And more.") == "A lead."
