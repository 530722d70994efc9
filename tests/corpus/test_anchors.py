"""Publication days inferred for undated articles: own weekday first, then the corpus for the week."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.analyze.dates.timex import find_time_expressions
from storyline.corpus.anchors import DatedEvent, Undated, dated_events, infer, publication_weekday

GENEVA = (
    "Delegations from Armenia and Azerbaijan arrived in Geneva on Tuesday, and the talks are due to open on "
    "Wednesday, diplomats said. The two foreign ministers spoke by phone on Monday."
)
GENEVA_ENTITIES = {1, 2, 3}  # Armenia, Azerbaijan, Geneva (ids as the entity stage would give them)


def undated(text: str = GENEVA, entities: set[int] = GENEVA_ENTITIES) -> Undated:
    return Undated.read("u", text, entities, entities_at=lambda offset: frozenset(entities))


def event(
    day: date, kind: str = "meeting", entities: frozenset[int] = frozenset({1, 3}), article: str = "d"
) -> DatedEvent:
    return DatedEvent(article, day, kind, f"{day} {kind}", entities)


def told(day: date, entities: frozenset[int] = frozenset({1, 3}), article: str = "s") -> DatedEvent:
    """A happening a dated story sibling gives a day, in a sentence naming `entities`."""
    return DatedEvent(article, day, None, day.strftime("%A"), entities)


def weekday_of(text: str) -> int | None:
    return undated(text).weekday


def test_the_weekday_is_the_one_its_weekday_mentions_surround() -> None:
    assert undated().weekday == 2  # arrived Tuesday (past), due to open Wednesday (ahead), spoke Monday (past)
    reported = "The cabinet resigned on Tuesday and parliament met on Wednesday. A vote will follow on Friday."
    assert weekday_of(reported) == 3
    assert weekday_of("The central bank raised rates sharply, analysts said.") is None
    assert publication_weekday(GENEVA, frozenset()) is None


def test_story_siblings_date_the_article_by_the_happenings_both_tell() -> None:
    # a sibling dated 13 March gives the arrival (Tuesday 12th) and the phone call (Monday 11th)
    anchor = infer(undated(), [told(date(2024, 3, 12)), told(date(2024, 3, 11))], [])
    assert anchor is not None and anchor.day == date(2024, 3, 12) and anchor.method == "story"
    assert {e["here"] for e in anchor.evidence} == {"Tuesday", "Monday"}
    # one shared weekday and name can be chance (protests every Friday): not enough alone
    assert infer(undated(), [told(date(2024, 3, 12))], []) is None
    # the sibling's happenings must name the same actors or places
    assert (
        infer(undated(), [told(date(2024, 3, 12), frozenset({8})), told(date(2024, 3, 11), frozenset({9}))], []) is None
    )


def test_an_event_named_by_its_day_dates_the_article_that_announced_it() -> None:
    anchor = infer(undated(), [], [event(date(2024, 3, 13))])
    assert anchor is not None and anchor.day == date(2024, 3, 12) and anchor.method == "event"
    assert anchor.evidence[0]["here"] == "Wednesday"


def test_an_event_must_be_the_same_kind_and_share_the_articles_actors() -> None:
    assert infer(undated(), [], [event(date(2024, 3, 13), kind="attack")]) is None
    assert infer(undated(), [], [event(date(2024, 3, 13), entities=frozenset({7, 8}))]) is None
    assert infer(undated(), [], [event(date(2024, 3, 13), entities=frozenset())]) is None
    # an event on a day none of its weekday mentions can reach votes for nothing
    assert infer(undated(), [], [event(date(2024, 3, 15))]) is None


def test_a_tie_leaves_the_article_undated() -> None:
    two_weeks = [event(date(2024, 3, 13), article="a"), event(date(2024, 3, 20), article="b")]
    assert infer(undated(), [], two_weeks) is None
    story = [told(date(2024, 3, 12)), told(date(2024, 3, 11)), told(date(2024, 3, 19)), told(date(2024, 3, 18))]
    assert infer(undated(), story, []) is None


def test_only_an_announcement_of_a_named_event_pins_the_week() -> None:
    looking_back = "Rescuers in Port Lamar dug through rubble on Friday after Tuesday's earthquake, officials said."
    article = undated(looking_back, {4})
    assert article.weekday is not None
    assert infer(article, [], [event(date(2024, 3, 12), kind="disaster", entities=frozenset({4}))]) is None


def test_a_day_the_article_rules_out_gets_no_votes() -> None:
    # it prints 2026: not a report of 2024; it gives "on 20 March" a month away from nothing
    later = undated(GENEVA + " A new round is planned for 2026.")
    assert infer(later, [], [event(date(2024, 3, 13))]) is None
    far = undated(GENEVA + " The mediators first met them on 2 July.")
    assert infer(far, [], [event(date(2024, 3, 13))]) is None
    near = undated(GENEVA + " The mediators first met them on 2 March.")
    assert infer(near, [], [event(date(2024, 3, 13))]) is not None


def test_without_a_weekday_of_its_own_nothing_dates_it() -> None:
    plain = undated("Talks between Armenia and Azerbaijan resumed in Geneva, diplomats said.")
    assert plain.weekday is None
    assert infer(plain, [told(date(2024, 3, 12)), told(date(2024, 3, 11))], [event(date(2024, 3, 13))]) is None


def test_events_are_days_printed_as_the_name_of_an_event() -> None:
    text = (
        "Negotiators met again after the 13 March talks. Monday's vote in parliament was close. "
        "The strike on 4 March killed two. The minister said on 5 March that the 10 March deadline stood."
    )
    found = find_time_expressions(text, date(2024, 3, 16))
    events = dated_events("d", text, found, lambda offset: frozenset({offset // 40}))
    named = {(e.day.isoformat(), e.kind) for e in events}
    assert named == {("2024-03-13", "meeting"), ("2024-03-11", "vote"), ("2024-03-04", "attack")}
    assert all(e.entities for e in events)


# Step 0: the day the text states as its own (issue 11, item 13)


def stated(text: str, year: int | None = None) -> date | None:
    anchor = infer(Undated.read("u", text, (), year=year), [], [])
    assert anchor is None or anchor.method == "text"
    return anchor.day if anchor else None


@pytest.mark.parametrize(
    ("text", "year", "day"),
    [
        ("Today, 25 May 2025, the city marks the anniversary. Officials met on Friday.", None, date(2025, 5, 25)),
        ("Today, 25 May, the city marks the anniversary. Officials met on Friday.", 2025, date(2025, 5, 25)),
        # the year of a full date printed elsewhere in the text
        ("Today (May 25) the city remembers. The bridge fell on May 25, 2015, killing nine.", None, date(2015, 5, 25)),
        ("Monday, June 2, 2025 — Delegations met in Istanbul. Talks continue on Tuesday.", None, date(2025, 6, 2)),
        ("WASHINGTON, July 2 — The chairman drew criticism on Friday.", 2010, date(2010, 7, 2)),
        ("The ministers met on Wednesday (July 23) in Geneva and will meet again on Friday.", 2025, date(2025, 7, 23)),
        # a weekday given its date, the year from a full date: 23 July is a Wednesday in 2025, not in 2024
        (
            "The ministers met on Wednesday (July 23) in Geneva. Talks had opened on Oct. 1, 2024.",
            None,
            date(2025, 7, 23),
        ),
        # the report's own weekday (its mentions: met on Wednesday, met again on Thursday) says it is a day on
        ("The ministers met on Wednesday (July 23) and met again on Thursday.", 2025, date(2025, 7, 24)),
    ],
)
def test_the_day_the_text_states_is_the_publication_day(text: str, year: int | None, day: date) -> None:
    assert stated(text, year) == day


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Today, 25 May, the city marks the anniversary. Officials met on Friday.", None),  # no year anywhere
        ("Today, 25 May, the city marks the anniversary. The bridge was closed in 2024.", None),  # a year alone
        ("The vote on Tuesday, Nov. 2 will decide it. Campaigners rallied on Friday.", 2010),  # months ahead
        ("Campaigners rallied today and plan to march again on May 25.", 2025),  # "today" not given its date
        ("The ministers met on Wednesday (July 22) in Geneva.", 2025),  # 22 July 2025 is a Tuesday
    ],
)
def test_no_day_where_the_text_does_not_state_one(text: str, year: int | None) -> None:
    assert stated(text, year) is None


def test_the_stated_day_beats_the_votes_and_points_at_its_words() -> None:
    u = Undated.read("u", "Today, 25 May 2025, the talks in Geneva resume. They broke off on Tuesday.", (1, 3))
    anchor = infer(u, [], [event(date(2025, 5, 13), "meeting")])
    assert anchor is not None and anchor.day == date(2025, 5, 25)
    assert anchor.evidence[0]["here"] == "Today, 25 May 2025" and anchor.evidence[0]["start"] == "0"
    assert u.weekday == 7  # its own weekday is the stated day's
