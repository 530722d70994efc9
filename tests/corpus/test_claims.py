"""Claims on hand-made articles: what is extracted, what matches across outlets, what is contested."""

from __future__ import annotations

import re

from storyline.corpus.accounts import Weights, told_of
from storyline.corpus.claims.extract import mentions, party
from storyline.corpus.claims.match import Claim, claims
from storyline.store.accounts import StoredArticle

PEOPLE = {1: ("Ana Kovar", "PERSON"), 2: ("Ivo Brandt", "PERSON"), 3: ("Oloria", "GPE"), 4: ("Vetria", "GPE")}


def article(aid: str, body: str, outlet: str | None = None, *, story: int = 1, original: str | None = None,
            times: list[tuple[int, int, str, str, str]] | None = None) -> StoredArticle:  # fmt: skip
    """An article read as the store keeps it: sentences at ". ", entities found by name, given times."""
    a = StoredArticle(aid, story, outlet or f"Outlet {aid}", None, "2025-06-02", "day", None, original, body)
    for idx, m in enumerate(re.finditer(r"[^.]+\.\s*", body)):
        a.sentences.append((idx, m.start(), m.end(), None))
        for eid, (name, _) in PEOPLE.items():
            if name.split()[-1] in m.group():
                a.entities.setdefault(idx, set()).add(eid)
    a.times = times or []
    return a


def run(*articles: StoredArticle) -> list[Claim]:
    told = told_of(list(articles))
    found = [m for a in articles for m in mentions(a, [t for t in told if t.article == a.id], PEOPLE)]
    return claims(found, Weights(told))


def by_subject(found: list[Claim], subject: str) -> list[Claim]:
    return [c for c in found if c.subject == subject]


def test_the_same_count_in_other_words_is_one_corroborated_claim() -> None:
    found = run(
        article("a", "Drones hit some 40 strategic bombers at two airbases in Vetria."),
        article("b", "Officials said as many as 40 bombers may have been hit in the attack on Vetria."),
    )
    (bombers,) = by_subject(found, "bomber")
    assert bombers.status == "corroborated" and bombers.independent == 2
    assert bombers.value["value"] == 40 and bombers.value["approx"] is True


def test_a_different_count_of_the_same_thing_is_contested_with_both_values() -> None:
    found = run(
        article("a", "Drones hit 40 strategic bombers at the Belaya airbase in Vetria."),
        article("b", "Drones hit 12 strategic bombers at the Belaya airbase in Vetria."),
    )
    counts = by_subject(found, "bomber")
    assert {c.status for c in counts} == {"contested"}
    values = {c.value["value"] for c in counts}
    assert values == {40.0, 12.0}
    assert all(c.conflicts and c.conflicts[0]["value"]["value"] in values - {c.value["value"]} for c in counts)


def test_a_copy_never_corroborates_its_original() -> None:
    text = "Drones hit some 40 strategic bombers at two airbases in Vetria."
    found = run(article("a", text, "Wire"), article("b", text + " ", "Reprinter", original="a"))
    (bombers,) = by_subject(found, "bomber")
    assert bombers.status == "single-source" and len(bombers.sources) == 2


def test_money_years_and_ways_of_speaking_are_read_as_such() -> None:
    found = run(article("a", "The bombers were worth $7 billion. The war began in 2022. The two sides met in Karvel."))
    units = {c.value.get("unit") for c in found if c.kind == "quantity"}
    assert units == {"USD"}
    (money,) = [c for c in found if c.value.get("unit") == "USD"]
    assert money.value["value"] == 7e9 and money.status == "single-source"


def test_who_heads_a_delegation_matches_across_wordings() -> None:
    found = run(
        article("a", "Defence Minister Ana Kovar will head Oloria's delegation at the talks in Karvel."),
        article("b", "Oloria's side would be headed by defence minister Ana Kovar, the president said."),
        article("c", "Vetria's team, led by Ivo Brandt, arrived in Karvel on Sunday."),
    )
    heads = [c for c in found if c.kind == "leader"]
    oloria = [c for c in heads if c.subject == "head of Oloria's delegation"]
    assert len(oloria) == 1 and oloria[0].value["value"] == "1" and oloria[0].status == "corroborated"
    vetria = [c for c in heads if c.subject == "head of Vetria's delegation"]
    assert len(vetria) == 1 and vetria[0].value["value"] == "2"


def test_a_claim_only_an_unnamed_source_gives_says_so() -> None:
    found = run(
        article("a", "Some 300 soldiers crossed the river into Vetria, two officials said on condition of anonymity."),
        article("b", "About 300 soldiers crossed into Vetria, according to a senior diplomat speaking anonymously."),
    )
    (soldiers,) = by_subject(found, "soldier")
    assert soldiers.status == "corroborated" and soldiers.attributed_to == "unnamed source"


def test_clock_times_of_one_event_match_and_a_timezone_twin_is_skipped() -> None:
    a_body = "The second round of talks is scheduled to begin at 1:00 pm (1000 GMT) in Karvel."
    b_body = "Oloria and Vetria will resume talks at 1 p.m. on Monday in Karvel."
    a = article("a", a_body, times=[(a_body.index("1:00"), a_body.index("1:00") + 7, "1:00 pm", "2025-06-02T13:00", "time"),
                                    (a_body.index("1000"), a_body.index("1000") + 8, "1000 GMT", "2025-06-02T10:00", "time")])  # fmt: skip
    b = article(
        "b", b_body, times=[(b_body.index("1 p.m."), b_body.index("1 p.m.") + 6, "1 p.m.", "2025-06-02T13:00", "time")]
    )
    found = [c for c in run(a, b) if c.kind == "time"]
    assert len(found) == 1 and found[0].value["value"] == "13:00" and found[0].status == "corroborated"


def test_durations_match_by_their_value() -> None:
    a_body = "The plan, 18 months in the making, involved smuggling drones into Vetria."
    b_body = "The operation had taken more than a year and half to prepare, Oloria said."
    a = article("a", a_body, times=[(a_body.index("18"), a_body.index("18") + 9, "18 months", "P18M", "duration")])
    b = article(
        "b",
        b_body,
        times=[(b_body.index("more"), b_body.index("half") + 4, "more than a year and half", "P18M", "duration")],
    )
    (duration,) = [c for c in run(a, b) if c.kind == "duration"]
    assert duration.value["value"] == "P18M" and duration.status == "corroborated"


def test_party_words_fold_to_their_country() -> None:
    assert party("Ukrainian") == "Ukraine" and party("Kyiv's") == "Ukraine" and party("Kremlin") == "Russia"
    assert party("Istanbul") is None


def test_a_head_whose_party_the_sentence_omits_takes_the_party_he_heads_elsewhere() -> None:
    found = run(
        article("a", "Defence Minister Ana Kovar will head Oloria's delegation at the talks in Karvel."),
        article("b", "The president said the delegation can be headed by his defence minister, Ana Kovar."),
    )
    (head,) = [c for c in found if c.kind == "leader"]
    assert head.subject == "head of Oloria's delegation" and head.independent == 2


def test_a_head_named_with_no_party_anywhere_is_kept_as_such() -> None:
    found = run(article("b", "The president said the delegation can be headed by his defence minister, Ana Kovar."))
    (head,) = [c for c in found if c.kind == "leader"]
    assert head.subject == "head of a delegation" and head.status == "single-source"
