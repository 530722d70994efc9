from __future__ import annotations

import numpy as np

from storyline.analyze.signals.features import compute, skeleton
from tests.helpers import read_text

TEXT = (
    "The storm reached Manila on Tuesday with winds of 180 km/h, officials said.\n\n"
    '"We have evacuated 12,000 people," said Mayor Maria Santos.\n\n'
    "The Philippine Red Cross sent 40 teams to Luzon."
)


def test_skeleton_keeps_names_numbers_and_quotes_in_order() -> None:
    bones = skeleton(TEXT)
    assert bones[:3] == ("manila", "tuesday", "180")
    assert any(b.startswith("q:") for b in bones)
    assert "12000" not in bones  # a number inside a quote is part of the quote's token
    assert bones[-3:] == ("philippine red cross", "40", "luzon")


def test_same_words_same_key_and_sketch_whatever_the_punctuation() -> None:
    a = compute(read_text(TEXT))
    b = compute(read_text(TEXT.replace(",", " ,").replace('"', "“", 1).replace('"', "”", 1)))
    assert a.word_key == b.word_key
    assert np.array_equal(a.minhash, b.minhash)


def test_different_text_different_sketch() -> None:
    a = compute(read_text(TEXT))
    b = compute(read_text("A quiet day at the harbour: no ships came in and the market closed early, traders said."))
    assert a.word_key != b.word_key
    assert np.count_nonzero(a.minhash == b.minhash) < 10


def test_name_terms_count_full_names_and_their_words() -> None:
    terms = compute(read_text("Volodymyr Zelensky spoke. Later Zelensky left Kyiv in 2025.")).terms["names"]
    assert terms["zelensky"] == 2
    assert terms["volodymyr zelensky"] == 1
    assert terms["2025"] == 1
