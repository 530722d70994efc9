"""Proper names without a tagger: runs of capitalized words inside sentences.

This is the cheap, model-free view of "who and where" that copy detection and
story clustering need on every article (the NER of the analysis stage is richer
but costs a model pass). A capitalized word that opens a sentence counts only if
the same word appears capitalized mid-sentence elsewhere in the text, or if
another capitalized word follows it ("Volodymyr Zelensky said").
"""

from __future__ import annotations

import re

from storyline.text import fold, stopwords

_SENTENCE = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+|\n+")
_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*[\w]|[^\W\d_]|\d[\d,.]*\d|\d|[^\w\s]")
_CONNECTORS = {"of", "de", "al", "bin", "von", "van", "la", "du", "del", "der"}
# Words that stand before a name without being part of it.
HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "president",
        "prime",
        "minister",
        "secretary",
        "senator",
        "sen",
        "rep",
        "gov",
        "governor",
        "general",
        "gen",
        "colonel",
        "col",
        "captain",
        "capt",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "chancellor",
        "premier",
        "mayor",
        "judge",
        "justice",
        "chairman",
        "chairwoman",
        "chief",
        "foreign",
        "defence",
        "defense",
        "deputy",
        "vice",
        "former",
        "acting",
        "state",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "envoy",
        "adviser",
        "advisor",
        "aide",
        "leader",
    ]
)


def _capitalized(token: str) -> bool:
    return (token[:1].isupper() and not token.isupper()) or (token.isupper() and len(token) >= 2)


def proper_names(text: str) -> list[str]:
    """Folded name runs in text order ("Recep Tayyip Erdoğan" -> "recep tayyip erdogan")."""
    sentences = [s for s in _SENTENCE.split(text) if s and s.strip()]
    tokenized = [_TOKEN.findall(s) for s in sentences]
    midsentence = {t for tokens in tokenized for t in tokens[1:] if _capitalized(t)}
    stop = stopwords()
    found: list[str] = []
    for tokens in tokenized:
        i = 0
        while i < len(tokens):
            token = tokens[i]
            starts = i == 0 or tokens[i - 1] in '"“”'
            # a sentence's first word is a name if it is one elsewhere, or if a name follows it
            named = not starts or token in midsentence or (i + 1 < len(tokens) and _capitalized(tokens[i + 1]))
            if not _capitalized(token) or not named or fold(token) in stop:
                i += 1
                continue
            run = [token]
            j = i + 1
            while j < len(tokens):
                if _capitalized(tokens[j]):
                    run.append(tokens[j])
                elif tokens[j] in _CONNECTORS and j + 1 < len(tokens) and _capitalized(tokens[j + 1]):
                    run.extend(tokens[j : j + 2])
                    j += 1
                else:
                    break
                j += 1
            name = _strip_honorifics(fold(" ".join(run)).replace("’", "'").removesuffix("'s"))
            if name:
                found.append(name)
            i = j
    return found


def _strip_honorifics(name: str) -> str:
    parts = name.split()
    while len(parts) > 1 and parts[0].rstrip(".") in HONORIFICS:
        parts = parts[1:]
    return " ".join(parts)
