"""Calendar arithmetic and tense: what a relative expression means against an anchor date.

"On Friday" names a different day in "talks will start on Friday" and "he said on
Friday": the verb decides. A parser would know the tense, but this runs on every
article, so the tense is read from cue words near the expression (auxiliaries,
reporting verbs, -ed forms); the nearest cue in the same sentence wins, because a
sentence often holds a past reporting verb and a future event ("said on Sunday that
talks will start on Monday").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

PAST, FUTURE, UNKNOWN = "past", "future", "unknown"

_FUTURE_WORDS = frozenset(
    [
        # "talks scheduled for Monday": what is scheduled or slated lies ahead of the article
        "scheduled",
        "slated",
        "will",
        "'ll",
        "’ll",
        "shall",
        "wo",
        "won't",
        "won’t",
        "would",
        "'d",
        "going",
        "upcoming",
        "due",
        "plans",
        "plan",
        "aims",
        "intends",
        "intend",
        "hopes",
        "expects",
        "expect",
        "anticipates",
        "hope",
    ]
)
_PAST_WORDS = frozenset(
    [
        "was",
        "were",
        "had",
        "did",
        "said",
        "told",
        "met",
        "went",
        "came",
        "took",
        "gave",
        "made",
        "began",
        "held",
        "left",
        "spoke",
        "saw",
        "struck",
        "hit",
        "fled",
        "fell",
        "sent",
        "won",
        "lost",
        "rose",
        "ran",
        "paid",
        "brought",
        "bought",
        "sought",
        "thought",
        "felt",
        "kept",
        "led",
        "meant",
        "put",
        "read",
        "sold",
        "stood",
        "swore",
        "wrote",
        "former",
        "previously",
        "arrived",
    ]
)
_NOT_PAST = frozenset({"scheduled", "planned", "expected", "proposed", "needed", "based", "related", "united"})
_TIME_WORDS = frozenset({"ago", "earlier", "last", "yesterday", "former", "previously"})
_NOT_FINITE = frozenset(
    {"be", "been", "being", "is", "are", "am", "to", "will", "would", "can", "could", "should", "may", "might"}
    | {"must", "the", "a", "an", "its", "their", "his", "her"}
)
_PREPOSITION = re.compile(r"(?i)\b(since|until|till|through|by)\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?$")
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z\"“‘'(])|\n")
_WORD = re.compile(r"[A-Za-z'’]+")
_TO_VERB = re.compile(r"\b(?:is|are|am|was|were)\s+(?:to|set\s+to|due\s+to|expected\s+to|scheduled\s+to|going\s+to)\b")
_PROGRESSIVE = re.compile(r"\b(?:is|are|am)\s+(?:\w+ly\s+)?\w+ing\b")
_HEADLINE_TO = re.compile(r"^[A-Z][^\n.]*?\bto\s+[A-Z][a-z]+\b")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): enough for tense, no tokenizer needed."""
    left = 0
    for m in _SENTENCE_END.finditer(text, max(0, start - 400), start):
        left = m.end()
    after = _SENTENCE_END.search(text, end, end + 400)
    right = after.start() + 1 if after else min(len(text), end + 400)
    return left, right


# Verbs that report speech: their tense is the telling's, not that of the event told about ("said Steele
# needs to refocus on the November election").
REPORTING = frozenset(
    {"said", "says", "told", "tells", "wrote", "writes", "added", "adds", "noted", "stated", "explained", "argued"}
    | {"warned", "insisted", "claimed", "announced", "reported", "asked", "urged", "speaking", "saying"}
)


def tense(text: str, start: int, end: int, ignore: frozenset[str] = frozenset()) -> str:
    """Past, future or unknown for the clause holding text[start:end]; the words of `ignore` are no cues."""
    preposition = _PREPOSITION.search(text, max(0, start - 25), start)
    if preposition:
        return PAST if preposition.group(1).lower() == "since" else FUTURE
    left, right = sentence_bounds(text, start, end)
    best: tuple[int, str] | None = None
    for pattern in (_TO_VERB, _PROGRESSIVE):
        for m in pattern.finditer(text, left, right):
            dist = start - m.end() if m.end() <= start else (m.start() - end if m.start() >= end else 0)
            dist = dist if m.end() <= start else dist + 1
            if best is None or dist < best[0]:
                best = (dist, FUTURE)
    previous = ""
    for m in _WORD.finditer(text, left, right):
        word = m.group().lower()
        if start <= m.start() < end:
            previous = word
            continue
        verdict = None if word in ignore else _cue(word)
        if verdict == PAST and previous in _NOT_FINITE and word not in _TIME_WORDS:
            verdict = None  # a participle or adjective ("can be exercised", "the expected"), not a past tense
        previous = word
        if verdict is None:
            continue
        # Cues before the expression govern it more often than cues after it ("said Friday"); a bare -ed form
        # may be an adjective ("a still unspecified date"), so it counts as further away than an auxiliary.
        dist = start - m.end() if m.end() <= start else m.start() - end + 1
        if word not in _PAST_WORDS and word not in _FUTURE_WORDS:
            dist += 25
        if best is None or dist < best[0]:
            best = (dist, verdict)
    if best is None:
        if _HEADLINE_TO.match(text[left:right]):
            return FUTURE  # headline style: "Russia, Ukraine to Hold Talks on Monday"
        return UNKNOWN
    return best[1]


def _cue(word: str) -> str | None:
    if word in _FUTURE_WORDS:
        return FUTURE
    if word in _PAST_WORDS:
        return PAST
    if len(word) > 4 and word.endswith("ed") and word not in _NOT_PAST:
        return PAST
    return None


def weekday_date(anchor: date, weekday: int, direction: str) -> date:
    """The `weekday` (1 = Monday) nearest the anchor in `direction`; the anchor's own weekday is the anchor."""
    delta = weekday - anchor.isoweekday()
    if delta == 0:
        return anchor
    if direction == PAST:
        return anchor + timedelta(days=delta if delta < 0 else delta - 7)
    if direction == FUTURE:
        return anchor + timedelta(days=delta if delta > 0 else delta + 7)
    # Unknown tense: the nearest such day (news rarely reaches further than three days either way).
    if delta > 3:
        delta -= 7
    elif delta < -3:
        delta += 7
    return anchor + timedelta(days=delta)


def month_year(anchor: date, month: int, direction: str) -> int:
    """The year of a month named without one: the latest not after the anchor, the next one, or the anchor's."""
    if direction == PAST:
        return anchor.year if month <= anchor.month else anchor.year - 1
    if direction == FUTURE:
        return anchor.year if month >= anchor.month else anchor.year + 1
    # Unknown tense: the nearest such month ("payable in January" in a November report is next January).
    return min(
        (anchor.year - 1, anchor.year, anchor.year + 1),
        key=lambda y: (abs(y * 12 + month - _months(anchor)), y != anchor.year),
    )


JUST_PASSED = 2  # months: an event of the last two months is still news under its month's name


def event_month_year(anchor: date, month: int, direction: str) -> int:
    """The year of a scheduled event named by its month alone ("the November election"): events are
    announced ahead, so it is the next one unless the clause is in the past, or it has no tense and the
    month has just passed ("reeling from the November election" in a December report)."""
    if direction == PAST:
        return month_year(anchor, month, PAST)
    back = (anchor.month - month) % 12
    if direction == UNKNOWN and 0 < back <= JUST_PASSED:
        return month_year(anchor, month, PAST)
    return month_year(anchor, month, FUTURE)


def _months(day: date) -> int:
    return day.year * 12 + day.month


def day_year(anchor: date, month: int, day: int, direction: str) -> int:
    """The year of "June 1" printed without one: by tense, else the one nearest the anchor."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return anchor.year

    def cost(c: date) -> int:
        # Distance, plus eight months' worth when the tense points the other way: a printed day and month are
        # strong evidence, so tense only decides between readings that are both plausible ("extended to Nov. 16").
        days = (c - anchor).days
        wrong = (direction == PAST and days > 0) or (direction == FUTURE and days < 0)
        return abs(days) + (240 if wrong else 0)

    return min(candidates, key=cost).year


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weekend_of(anchor: date, direction: str) -> date:
    """A Saturday: the weekend just gone (past), the coming one (future), or the anchor's own."""
    wd = anchor.isoweekday()
    if wd >= 6:
        return anchor - timedelta(days=wd - 6)
    if direction == FUTURE:
        return anchor + timedelta(days=6 - wd)
    return anchor - timedelta(days=wd + 1)
