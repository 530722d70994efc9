"""Check-worthy statements in an article's sentences, each reduced to a key and a value that other
outlets' wordings of it reduce to as well.

Kinds, by how their key and value are read:
- `quantity`: a number and what it counts ("some 40 strategic bombers" and "as many as 40 bombers"
  are 40 of `bomber`; "$7 billion" is 7e9 `USD`). The unit is the counted noun, plural folded; the
  modifiers before it ("some", "as many as", "more than") make the value approximate.
- `duration`: how long something took or lasts, from the reading's durations ("18 months in the
  making" and "more than a year and half to prepare" are both P18M).
- `time`: the clock time of a dated happening ("1:00 pm" and "1 p.m. the next day" on 2 June,
  for talks): keyed by the day and the kind of event (`data/dates/event_nouns.tsv`).
- `leader`: who heads a delegation, team or side, and whose ("Umerov will head Ukraine's
  delegation" ~ "the Ukrainian side would be headed by defence minister Rustem Umerov"): keyed
  by the party (country words folded to the country: Ukrainian, Kyiv's -> Ukraine) and valued by
  the canonical person.
- `statement`: any other report sentence naming two actors or more; matched by its words and
  actors (corpus/claims/match.py), and kept only when independent outlets tell it.
Rules on the sentence text and the reading's records: no model beyond the reading's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from storyline import data
from storyline.corpus.accounts import Told, stem
from storyline.corpus.anchors import event_kinds
from storyline.store.accounts import StoredArticle
from storyline.text import fold

_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "hundred": 100, "a hundred": 100, "a dozen": 12, "a thousand": 1000,
}  # fmt: skip
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6, "k": 1e3}
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "us$": "USD"}
_APPROX = (
    r"(?P<approx>some|about|around|roughly|approximately|nearly|almost|over|more than|at least|as many as|"
    r"up to|fewer than|less than|close to|an estimated|estimated)?\s*"
)
_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + ")"
_QUANTITY = re.compile(
    r"(?i)\b" + _APPROX + r"(?P<cur>US\$|\$|€|£)?" + _NUM
    + r"(?:\s*(?P<scale>thousand|million|billion|trillion|bn|m|k)\b)?"
    + r"(?P<noun>(?:\s+(?:of\s+)?[A-Za-z][\w'-]*){0,4})"
)  # fmt: skip
_STOP_NOUN = frozenset(
    {
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "but",
        "the",
        "a",
        "an",
        "that",
        "which",
        "who",
        "was",
        "were",
        "is",
        "are",
        "had",
        "has",
        "have",
        "will",
        "would",
        "may",
        "could",
        "after",
        "before",
        "since",
        "as",
        "than",
        "per",
        "each",
        "this",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "it",
    }
)
_LEADS = re.compile(r"(?i)\b(?:head(?:s|ed|ing)?|lead(?:s|ing)?|led|chair(?:s|ed)?|top negotiator|chief negotiator)\b")
_BODIES = re.compile(r"(?i)\b(?:delegations?|team|side|negotiators?|mission)\b")
_TIMEZONE = re.compile(r"\b(?:GMT|UTC|CET|EST|EDT|PST|BST)\b")
_CLOCK = re.compile(r"T(\d\d:\d\d)$")
_UNNAMED = re.compile(
    r"(?i)\b(?:(?:a|one|two|three|several)\s+(?:\w+\s+){0,3}?(?:sources?|officials?|diplomats?|insiders?)|"
    r"anonymous(?:ly)?|unnamed|citing sources|sources (?:said|say|told))\b"
)
UNOWNED = "leader:?:delegation"
_YEARISH = re.compile(r"^(?:1[89]|20)\d\d$")


@dataclass(frozen=True)
class ClaimMention:
    """One sentence's telling of a claim."""

    told: Told
    kind: str
    key: str  # what the claim is about, normalized: the same thing told elsewhere has the same key
    value: float | str
    unit: str | None
    approx: bool
    subject: str  # the key as a reader reads it ("bomber", "Ukraine delegation")
    shown: str  # the value as printed ("some 40", "1:00 pm")
    attributed_to: str | None  # whose word it is in this sentence, if someone's


@cache
def _demonyms() -> dict[str, str]:
    """Folded adjective, capital or country -> country ("ukrainian", "kyiv" -> "Ukraine")."""
    table: dict[str, str] = {}
    for country, capital in data.rows("entities", "capitals.tsv"):
        table[fold(country)] = country
        table[fold(capital)] = country
    for row in data.rows("claims", "demonyms.tsv"):
        for form in row[1:]:
            table[fold(form)] = row[0]
    return table


@cache
def _generic_units() -> frozenset[str]:
    """Counted nouns that make no claim worth checking ("the two sides", "three times")."""
    return frozenset(w for line in data.lines("claims", "generic_units.txt") for w in line.split())


def party(word: str) -> str | None:
    return _demonyms().get(fold(word).removesuffix("'s").removesuffix("’s"))


def mentions(article: StoredArticle, told: Iterable[Told], names: dict[int, tuple[str, str]]) -> list[ClaimMention]:
    """Every claim told in these sentences of one article (`names`: canonical entity -> name, type)."""
    out: list[ClaimMention] = []
    for t in told:
        if t.article != article.id:
            continue
        who = _attribution(article, t)
        out += _quantities(article, t, who)
        out += _times(article, t, who)
        out += _leaders(t, names, who)
        if t.entities and not t.quoted and len(t.text.split()) >= 6:
            out.append(ClaimMention(t, "statement", "", "", None, False, "", "", who))
    return out


def _attribution(article: StoredArticle, t: Told) -> str | None:
    """Whose word a sentence reports: an unnamed source, or the speaker of the quote or attitude
    that holds it (an actor speaking for itself)."""
    if _UNNAMED.search(t.text):
        return "unnamed source"
    for start, end, _kind, speaker, name in article.speech:
        if start < t.end and end > t.start and (name or speaker):
            if (speaker or "").startswith("unnamed"):
                return "unnamed source"
            return name or speaker
    return None


def _inside_times(article: StoredArticle, t: Told) -> list[tuple[int, int, str, str, str]]:
    return article.times_in(t.start, t.end)


def _quantities(article: StoredArticle, t: Told, who: str | None) -> list[ClaimMention]:
    out: list[ClaimMention] = []
    times = _inside_times(article, t)
    for m in _QUANTITY.finditer(t.text):
        start = t.start + m.start("num")
        if any(s <= start < e for s, e, *_ in times):  # a date, a time, a duration: read as such below
            if not any(kind == "duration" for s, e, _, _, kind in times if s <= start < e):
                continue
            out += _duration(article, t, start, who)
            continue
        number = _number(m["num"])
        if number is None:
            continue
        if m["cur"] is None and m["scale"] is None and _YEARISH.match(m["num"]):
            continue  # "in 2022"
        value = number * _SCALE.get((m["scale"] or "").lower(), 1.0)
        unit = _CURRENCY.get(m["cur"].lower(), "USD") if m["cur"] else _unit(m["noun"], number)
        if unit is None:
            continue
        approx = m["approx"] is not None
        shown = t.text[m.start() : m.end("scale") if m["scale"] else m.end("num")].strip()
        out.append(ClaimMention(t, "quantity", f"quantity:{unit}", value, unit, approx, unit, shown, who))
    return out


def _duration(article: StoredArticle, t: Told, start: int, who: str | None) -> list[ClaimMention]:
    for s, e, text, value, kind in article.times_in(start - 200, start + 1):
        if s <= start < e and kind == "duration" and re.fullmatch(r"P\d+[YMWD]", value):
            after = re.match(r"(?:[\s-]+[\w'’-]+){1,3}", article.body[e : e + 40])
            subject = (text + (after.group() if after else "")).strip()
            return [ClaimMention(t, "duration", f"duration:{value}", value, None, False, subject, text, who)]
    return []


def _times(article: StoredArticle, t: Told, who: str | None) -> list[ClaimMention]:
    out: list[ClaimMention] = []
    kinds = event_kinds()
    kind = next((kinds[w] for w in re.findall(r"[a-z]+", t.text.lower()) if w in kinds), None)
    for s, e, text, value, what in _inside_times(article, t):
        clock = _CLOCK.search(value)
        if what != "time" or clock is None or kind is None:
            continue
        if _TIMEZONE.search(t.text[s - t.start : e - t.start + 8]):
            continue  # "1000 GMT" beside "1:00 pm": the local time is the claim
        day = value[:10]
        key = f"time:{day}:{kind}"
        out.append(ClaimMention(t, "time", key, clock.group(1), None, False, f"{kind} on {day}", text, who))
    # a duration the quantity pattern did not see ("a year and a half")
    for s, _, _, value, what in _inside_times(article, t):
        if what == "duration" and not any(m.key == f"duration:{value}" for m in out):
            out += _duration(article, t, s, who)
    return out


def _leaders(t: Told, names: dict[int, tuple[str, str]], who: str | None) -> list[ClaimMention]:
    """Who heads whose delegation: the person named next to a lead verb ("led by X", "X will head",
    "X, who heads"), and the party that owns the delegation nearest that verb ("Ukraine's team",
    "the Ukrainian side", "Kyiv was sending its delegation")."""
    out: list[ClaimMention] = []
    people = {e: names[e][0] for e in t.entities if names.get(e, ("", ""))[1] == "PERSON"}
    for lead in _LEADS.finditer(t.text):
        person = _nearest_person(t.text, lead.start(), lead.end(), people)
        body = min(_BODIES.finditer(t.text), key=lambda b: abs(b.start() - lead.start()), default=None)
        if person is None or body is None or abs(body.start() - lead.start()) > 60:
            continue
        places = {names[e][0] for e in t.entities if names.get(e, ("", ""))[1] == "GPE"}
        owner = _owner(t.text, body.start(), places)
        # whose delegation, when the sentence does not say ("the delegation can be headed by ..."), is
        # settled across the store: the party the same person heads elsewhere (corpus/claims/match.py)
        key = f"leader:{fold(owner)}:delegation" if owner else UNOWNED
        subject = f"head of {owner}'s delegation" if owner else "head of a delegation"
        out.append(ClaimMention(t, "leader", key, str(person), None, False, subject, people[person], who))
        break
    return out


_PERSON_REACH = 45  # characters between a lead verb and the name it governs ("led by Defence Minister Rustem Umerov")
_POSSESSOR = re.compile(r"([\w'’-]+)(?:\s+[a-z-]+){0,2}?\s*$")
_PRONOUN = frozenset({"its", "their"})


def _nearest_person(text: str, start: int, end: int, people: dict[int, str]) -> int | None:
    """The person a lead word governs: after it in the passive ("led by X") and after "negotiator"
    ("the top negotiator will be X"), else its subject, the first person named in the words before it
    ("X, an aide to Mr Putin, is leading")."""
    spots = [
        (m.start(), m.end(), entity)
        for entity, name in people.items()
        for m in re.finditer(re.escape(name.split()[-1]), text)
    ]
    after = [(s - end, e) for s, _, e in spots if s >= end and s - end <= _PERSON_REACH]
    passive = re.match(r"\s+by\b", text[end:]) is not None or "negotiator" in text[start:end].lower()
    if passive:
        return min(after)[1] if after else None
    before = [(s, e) for s, stop, e in spots if stop <= start and start - stop <= 2 * _PERSON_REACH]
    if before:
        return min(before)[1]
    return min(after)[1] if after else None


def _owner(text: str, at: int, places: set[str]) -> str | None:
    """The party a delegation belongs to: the word owning it (a country word, or a place the sentence
    names as an entity), or for "its", the party named before."""

    def party_of(word: str) -> str | None:
        bare = re.sub(r"['’]s$", "", word)
        return party(bare) or (bare if bare in places else None)

    before = text[max(0, at - 40) : at]
    words = re.findall(r"[\w'’-]+", before)[-3:]
    for w in reversed(words):
        if (p := party_of(w)) is not None:
            return p
        if w.lower() in _PRONOUN:
            earlier = [p for x in re.findall(r"[A-Z][\w'’-]+", text[:at]) if (p := party_of(x))]
            return earlier[-1] if earlier else None
    return None


def _number(text: str) -> float | None:
    low = text.lower()
    if low in _WORDS:
        return float(_WORDS[low])
    try:
        return float(low.replace(",", ""))
    except ValueError:
        return None


def _unit(noun_words: str, number: float) -> str | None:
    """The counted noun: the first plural word after the number (the last word when counting one)."""
    words = noun_words.split()
    if words and words[0] == "of":
        words = words[1:]
    kept: list[str] = []
    for w in words:
        low = w.lower().strip("'’-")
        if low in _STOP_NOUN:
            break
        kept.append(low)
        if number != 1 and low.endswith("s") and len(low) > 3:
            unit = stem(low)
            return None if unit in _generic_units() else unit
    if not kept:
        return None
    if stem(kept[-1]) in _generic_units():
        return None
    if number == 1:
        return stem(kept[-1]) if len(kept[-1]) > 2 else None
    last = kept[-1]
    if last in ("percent", "per cent", "km", "kilometres", "kilometers", "miles", "tonnes", "tons"):
        return stem(last)
    return None
