"""Is this text machine-paraphrased ("spun")? Evidence from the text alone.

Rewriting tools swap words for dictionary synonyms without reading the
sentence, and leave marks that real news almost never prints. Four signals,
each general, each reported with the phrase, where it is, and what it most
likely replaced:

- **fixed-expression swaps**: a news collocation with one or more words swapped
  for a synonym ("Air Force One" -> "Air Pressure One", "round of talks" ->
  "spherical of talks"). Built from a lexicon of fixed expressions and a
  thesaurus of the substitutions such tools make, combined, so the detector
  knows thousands of possible swaps without listing any text's phrases;
- **connective swaps**: function phrases swapped word by word ("earlier than"
  for "before", "a whole bunch of" for "hundreds of");
- **reporting verbs**: news says "said"; a spun text says "stated" and "advised
  reporters", and says it more often than "said";
- **numerals for number words**: "the 2 nations" where news style spells out
  small counts.

One odd phrase proves nothing (writers do write "warfare"); the flag needs
several pieces of evidence from more than one signal. The threshold is set so
that no article of the real news corpora in benchmarks/paraphrase.py is flagged.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from storyline import data
from storyline.records import Evidence, ParaphraseFlag

FLAG_SCORE = 3.0
MIN_SIGNALS = 2

WEIGHTS = {"expression": 1.0, "connective": 1.0, "reporting-verb": 1.5, "numeral": 0.5}
_WORD = re.compile(r"[A-Za-z0-9'’-]+")
_SAID = re.compile(r"\b(said|says|told)\b", re.I)
_STATED = re.compile(
    r"\b(stated|advised reporters|advised journalists|instructed reporters|knowledgeable reporters)\b", re.I
)
_NUMERAL_COUNT = re.compile(
    r"\b(?:the|these|those|both|all|its|their|his|her|our|other)\s+([2-9])\s+((?:[a-z]{3,}\s+)?[a-z]{3,}s)\b"
    r"(?!\s*(?:%|per|percent))"
)
_UNITS = {
    "years",
    "days",
    "hours",
    "minutes",
    "seconds",
    "weeks",
    "months",
    "miles",
    "kilometres",
    "kilometers",
    "metres",
    "meters",
    "tons",
    "tonnes",
    "percent",
    "points",
    "goals",
    "runs",
    "sets",
    "games",
    "laps",
}


def _data(name: str) -> list[list[str]]:
    return data.rows("signals", name)


@cache
def _swaps() -> dict[tuple[str, ...], str]:
    """Every spun variant of every fixed expression -> the expression.

    A weak substitution (marked ~ in the table) makes a variant only together with
    a strong one: "army operation" is ordinary news English, "army functionality" is not."""
    substitutions = {word: subs.split(",") for word, subs in _data("substitutions.tsv")}
    expressions = {tuple(row[0].split()) for row in _data("expressions.txt")}
    variants: dict[tuple[str, ...], str] = {}
    for expression in expressions:
        options = [[w, *substitutions.get(w, [])] for w in expression]
        for choice in itertools.product(*options):
            swapped = [b for a, b in zip(expression, choice, strict=True) if a != b]
            if not swapped or all(b.startswith("~") or b.isdigit() for b in swapped):
                continue  # digits for number words are the numeral signal's
            variant = tuple(" ".join(c.lstrip("~") for c in choice).split())  # a substitution may be several words
            if variant not in expressions:
                variants[variant] = " ".join(expression)
    return variants


@cache
def _connectives() -> dict[tuple[str, ...], tuple[str, frozenset[str]]]:
    """phrase -> (likely original, next words after which the phrase is ordinary English)."""
    table: dict[tuple[str, ...], tuple[str, frozenset[str]]] = {}
    for phrase, likely in _data("connectives.tsv"):
        words, _, unless = phrase.partition(" !")
        table[tuple(words.split())] = (likely, frozenset(unless.split(",")) if unless else frozenset())
    return table


def _outside_quotes(text: str) -> list[tuple[int, int]]:
    """Spans of the text outside quotation marks: spinners leave quotes intact, and a
    speaker's own words are no evidence of spinning."""
    spans, start, inside = [], 0, False
    for match in re.finditer(r"[\"“”]", text):
        if not inside:
            spans.append((start, match.start()))
        start, inside = match.end(), not inside
    if not inside:
        spans.append((start, len(text)))
    return spans


def detect(text: str) -> ParaphraseFlag:
    evidence: list[Evidence] = []
    for start, end in _outside_quotes(text):
        evidence.extend(_phrase_swaps(text, start, end))
        evidence.extend(_numerals(text, start, end))
    evidence.extend(_reporting_verbs(text))
    score = sum(WEIGHTS[e.signal] for e in evidence)
    signals = {e.signal for e in evidence}
    flag = score >= FLAG_SCORE and len(signals) >= MIN_SIGNALS
    return ParaphraseFlag(flag, round(score, 2), evidence)


def _phrase_swaps(text: str, start: int, end: int) -> list[Evidence]:
    tokens = [
        (m.group(0).lower().replace("’", "'"), m.start() + start, m.end() + start)
        for m in _WORD.finditer(text[start:end])
    ]
    words = [t[0] for t in tokens]
    swaps, connectives = _swaps(), _connectives()
    found: list[Evidence] = []
    i = 0
    while i < len(words):
        hit = None
        for size in (5, 4, 3, 2, 1):
            gram = tuple(words[i : i + size])
            if len(gram) < size:
                continue
            if gram in connectives:
                likely, unless = connectives[gram]
                following = words[i + size] if i + size < len(words) else ""
                hit = ("connective", likely, size) if following not in unless else None
            elif size >= 2 and gram in swaps:
                hit = ("expression", swaps[gram], size)
            if hit:
                break
        if hit is None:
            i += 1
            continue
        signal, likely, size = hit
        s, e = tokens[i][1], tokens[i + size - 1][2]
        found.append(Evidence(text[s:e], likely, signal, s, e))
        i += size
    return found


def _numerals(text: str, start: int, end: int) -> list[Evidence]:
    found = []
    for match in _NUMERAL_COUNT.finditer(text, start, end):
        if match.group(2).split()[-1] in _UNITS:
            continue
        words = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
        likely = match.group(0).replace(f" {match.group(1)} ", f" {words[int(match.group(1))]} ")
        found.append(Evidence(match.group(0), likely, "numeral", match.start(), match.end()))
    return found


def _reporting_verbs(text: str) -> list[Evidence]:
    """Only when the odd verbs outnumber "said": one "stated" is ordinary English."""
    odd = list(_STATED.finditer(text))
    if len(odd) < 3 or len(odd) <= len(_SAID.findall(text)):
        return []
    first = odd[0]
    return [
        Evidence(
            f"{first.group(0)} (x{len(odd)}, 'said' x{len(_SAID.findall(text))})",
            "said",
            "reporting-verb",
            first.start(),
            first.end(),
        )
    ]
