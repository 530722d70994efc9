"""Calendar words inside the names of papers and programmes are not dates (issue 11, item 8).

Invented sentences in the shapes real news prints them: a capitalised calendar noun inside
a sentence, a quoted title, a set adverb or a weekday heading a paper's name; and the same
words where they are dates, which must stay dates.
"""

from __future__ import annotations

from datetime import date

import pytest

from storyline.analyze.dates.timex import find_time_expressions

SUN_4_JULY = date(2010, 7, 4)


def texts(text: str, anchor: date | None = SUN_4_JULY) -> list[str]:
    return [t.text for t in find_time_expressions(text, anchor)]


@pytest.mark.parametrize(
    "text",
    [
        "Bill Kristol, editor of the Weekly Standard, called for his resignation.",
        "Weekly Standard Editor Bill Kristol led the charge against the chairman.",
        'Speaking on ABC\'s "This Week," the senator defended the plan.',
        "The minister told ABC's This Week that talks would continue.",
        "The senator said on “Fox News Sunday” that the bill was dead.",
        "He told the Sunday Times he would stand again.",
        "The interview ran in the Sunday Business Post and was picked up abroad.",
        "The governor appeared on Good Morning America to defend the budget.",
        "The league's deal covers Monday Night Football for another decade.",
        "The claim was first reported by the Daily Mail and denied by the ministry.",
        "The Financial Times and the New York Times Magazine ran the story.",
        "The mayor told USA Today the flooding was the worst in memory.",
        "The host of ``Showbiz Tonight'' interviewed the singer.",
        "He said on CBS's ''60 Minutes'' that he had no regrets.",
    ],
)
def test_a_calendar_word_in_the_name_of_a_paper_or_a_programme_is_no_date(text: str) -> None:
    assert texts(text) == []


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("He said on Meet the Press on Sunday that the war must be won.", "Sunday", "2010-07-04"),
        ("This week the Senate voted on the bill.", "This week", "2010-W26"),
        ("The committee meets weekly and reports monthly.", "weekly", "P1W"),
        ("Today, the minister said, the talks resume.", "Today", "2010-07-04"),
        ('"Today we begin again," the coach said.', "Today", "2010-07-04"),
        ("He told Sky News Monday that the deal was close.", "Monday", "2010-06-28"),
        ("Gold prices rose in the 20th Century and fell in the Sixties.", "the 20th Century", "19"),
    ],
)
def test_the_same_words_stay_dates_where_they_are_dates(text: str, phrase: str, value: str) -> None:
    found = {t.text: t.value for t in find_time_expressions(text, SUN_4_JULY)}
    assert found.get(phrase) == value, found


def test_a_title_case_headline_keeps_its_dates() -> None:
    """A headline capitalises every word, so its capitals say nothing of a name."""
    assert "This Week" in texts("Russia and Ukraine Agree to Resume Talks This Week\nThe talks resume.")


def test_capitals_for_emphasis_are_no_name() -> None:
    assert texts("More people die EVERY YEAR from ordinary flu.") == ["EVERY YEAR"]
