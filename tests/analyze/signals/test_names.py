from __future__ import annotations

from storyline.analyze.signals.names import proper_names


def test_runs_of_capitalized_words_inside_sentences() -> None:
    text = "Officials said Recep Tayyip Erdoğan met Mr Rustem Umerov in Ankara. Talks went on."
    assert proper_names(text) == ["recep tayyip erdogan", "rustem umerov", "ankara"]


def test_sentence_initial_word_counts_only_if_capitalized_elsewhere() -> None:
    text = "Rain fell on Monday. Kyiv was quiet. Residents of Kyiv slept. Jane Goodall spoke."
    assert proper_names(text) == ["monday", "kyiv", "kyiv", "jane goodall"]  # "Rain", "Residents" are not names


def test_punctuation_and_lists_end_a_name() -> None:
    text = "Urged on by US President Donald Trump, Moscow and Kyiv have opened talks."
    assert proper_names(text) == ["donald trump", "moscow", "kyiv"]  # "US" is a stopword here, "President" a title


def test_connectors_inside_names_and_honorifics_dropped() -> None:
    text = "The Bank of England and President Emmanuel Macron spoke to Dr Jane Goodall."
    assert proper_names(text) == ["bank of england", "emmanuel macron", "jane goodall"]
