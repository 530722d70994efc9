"""Attitudes: beliefs, intentions, stances and topics ascribed to a holder, on sentences of our own."""

from __future__ import annotations

from functools import cache

import pytest

from storyline.analyze import nlp
from storyline.analyze.speech.attitudes import attitude_verbs
from storyline.analyze.speech.quotes import find_speech
from storyline.analyze.speech.speakers import reporting_verbs
from storyline.records import ATTITUDE_KINDS, Attitude
from tests.analyze.speech.test_quotes import mentions_of


@cache
def attitudes_of(text: str) -> list[Attitude]:
    doc = nlp.load()(text)
    return find_speech(doc, mentions_of(doc))[1]


@pytest.mark.parametrize(
    ("text", "kind", "holder", "content"),
    [
        ("Senator Ana Ortiz suspects the ceasefire will not hold.", "belief", "Ortiz", "the ceasefire will not hold"),
        ("Governor Paul Brenner wants to run for a third term.", "intention", "Brenner", "to run for a third term"),
        ("Mayor Lena Vogt endorsed Karim Haddad on Tuesday.", "stance", "Vogt", "Karim Haddad"),
        ("The union voted against the new contract.", "stance", "union", "the new contract"),
        ("Tomas Berg talked about the price of grain.", "topic", "Berg", "the price of grain"),
        ("Rita Moreau called the proposal a disgrace.", "stance", "Moreau", "the proposal a disgrace"),
    ],
)
def test_an_attitude_has_its_kind_holder_and_content(text: str, kind: str, holder: str, content: str) -> None:
    found = attitudes_of(text)
    assert found, f"no attitude in {text!r}"
    a = found[0]
    assert (a.kind, a.text) == (kind, content)
    assert holder in a.holder
    assert a.holder_start is not None and a.holder_end is not None and holder in text[a.holder_start : a.holder_end]
    assert text[a.start : a.end] == a.text


def test_no_holder_no_attitude() -> None:
    assert attitudes_of("The bill is expected to pass next week.") == []
    assert attitudes_of("Negotiators were criticized for the delay.") == []


def test_words_inside_a_quote_are_the_speaker_s_not_an_attitude() -> None:
    text = "“We want peace and we support the plan,” said Nadia Petrenko."
    assert attitudes_of(text) == []


def test_reported_speech_is_not_counted_again_as_an_attitude() -> None:
    doc = nlp.load()("Ines Duarte said she knows the deal is dead.")
    quotes, held = find_speech(doc, mentions_of(doc))
    assert [q.kind for q in quotes] == ["indirect"]
    assert [(a.kind, a.text) for a in held] == [("belief", "the deal is dead")]


def test_a_relative_pronoun_holds_for_its_antecedent() -> None:
    (a,) = attitudes_of("Voters heard from Marta Silva, who backs the reform, on Monday.")
    assert "Silva" in a.holder and a.text == "the reform"


def test_the_lexicon_names_known_kinds_and_complements() -> None:
    frames = [frame for forms in attitude_verbs().values() for frame in forms]
    assert {kind for kind, _ in frames} <= set(ATTITUDE_KINDS)
    assert all(c in ("ccomp", "xcomp", "dobj", "dobj+") or c.startswith("prep:") for _, c in frames)
    clauses = {form for form, kinds in attitude_verbs().items() if any(c == "ccomp" for _, c in kinds)}
    assert not clauses & reporting_verbs()  # "X thinks that ...": reported speech already has that clause


def test_an_attitude_inside_another_is_part_of_it() -> None:
    found = attitudes_of("Premier Jonas Lind wanted to see the budget figures first.")
    assert [(a.kind, a.cue, a.text) for a in found] == [("intention", "wanted", "to see the budget figures first")]
