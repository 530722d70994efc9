"""Quote marks paired into segments (analyze/speech/marks.py)."""

from __future__ import annotations

from storyline.analyze.speech.marks import quote_segments
from tests.analyze.speech.test_quotes import quote_with


def test_quote_over_several_paragraphs() -> None:
    text = (
        "Prime Minister Aiko Tanaka spoke at length.\n\n"
        "“The first priority is the harbour,” Ms Tanaka said. “The second is the rail line.\n\n"
        "“And the third is the schools.”\n\nThe session ended at noon."
    )
    segments = quote_segments(text)
    assert [text[s.start : s.end] for s in segments][-2:] == [
        "The second is the rail line.",
        "And the third is the schools.",
    ]
    last = quote_with(text, "the third is the schools")
    assert last.speaker is not None and "Tanaka" in last.speaker
