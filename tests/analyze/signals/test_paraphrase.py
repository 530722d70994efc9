"""The machine-paraphrase detector on texts it has not seen: spun news flagged with
evidence, ordinary news (including the odd phrase a real writer uses) not flagged."""

from __future__ import annotations

from storyline.analyze.signals.paraphrase import detect

SPUN = (
    "The prime minister stated on Monday that the 2 international locations would maintain a second spherical of "
    "talks earlier than the summit. Talking at a press convention, she advised reporters that the particular envoy "
    "had arrived. Officers stated the defence ministers met in entrance of the cameras, regardless that no deal was "
    'reached. "We said what we came to say," one diplomat said. The overseas coverage adviser stated the perimeters '
    "remained a whole bunch of miles aside."
)
ORDINARY = (
    "The prime minister said on Monday that the two countries would hold a second round of talks before the summit. "
    "Speaking at a press conference, she told reporters that the special envoy had arrived, earlier than expected. "
    "Officials said the army operation in the north would continue. Drone warfare has changed the front line, "
    "analysts said, and the 2 candidates in the run-off stated their positions in a debate."
)


def test_spun_text_is_flagged_with_located_evidence() -> None:
    result = detect(SPUN)
    assert result.flag
    signals = {e.signal for e in result.evidence}
    assert {"expression", "connective", "numeral"} <= signals
    for e in result.evidence:
        if e.signal != "reporting-verb":
            assert SPUN[e.start : e.end] == e.phrase
    likely = {e.phrase.lower(): e.likely for e in result.evidence}
    assert likely["particular envoy"] == "special envoy"
    assert likely["second spherical"] == "second round"
    assert likely["in entrance of"] == "in front of"


def test_quotes_are_not_evidence() -> None:
    quoted = '"The particular envoy came earlier than the summit, regardless that the 2 nations stated nothing."'
    assert detect(quoted).evidence == []


def test_ordinary_news_with_odd_but_real_phrases_is_not_flagged() -> None:
    result = detect(ORDINARY)
    assert not result.flag
    assert result.score < 3


def test_one_signal_alone_never_flags() -> None:
    many_numerals = " ".join(f"The {n} teams and the {n} coaches met." for n in range(2, 10))
    assert not detect(many_numerals).flag
