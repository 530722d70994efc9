"""A publication day for an article that prints none, worked out from the corpus.

Wire copies, paraphrased rewrites and pages stripped of their header often print
only weekdays ("the Kremlin responded on Thursday"), and a weekday alone cannot be
put on a timeline. An analyst dates such a piece the way this module does, in steps
kept apart because they rest on different evidence:

0. The day its text states as its own: "Today, 25 May", a dateline opening the first
   line ("Monday, June 2, 2025 —", "WASHINGTON, July 2 —"), a weekday given its date
   ("on Wednesday (July 23)": the article's own weekday, step 1, then says how far the
   report is from it; "the vote on Tuesday, Nov. 2" may be months ahead and does not
   count). A missing year comes from the input's metadata (a month or a year printed
   without the day), else from the article's own dates printed with a month and a year
   (the latest); a weekday given its date must fall on it that year (or the one either
   side). The text's own word beats any vote of step 2.
1. Its own weekday. News reports what happened in the last few days and announces
   what comes next, so the publication day is the weekday that brings its weekday
   mentions nearest, each read in its clause's tense ("responded on Thursday" looks
   back, "may start on Friday" looks ahead). A tie leaves the article undated.
2. Its week, from articles that do print a day (or were dated this way before it):
   - the dated articles of its own story, where one of them dates a happening this
     article tells by weekday: a weekday mention landing on a day the sibling gives,
     the two sentences naming a same canonical actor or place. A story
     can run for weeks and an undated article joins it on content alone, so being in
     the same story is not itself evidence of the week;
   - events that a dated article anywhere names by their day ("the 16 May meeting",
     "Monday's talks", "the talks on 2 June") when this article announces them: a
     weekday mention ahead of the day, in a sentence about the same kind of event
     (`data/dates/event_nouns.tsv`: talks and meeting are one kind), in an article sharing
     the event's actors or places. Only announcements count: "Tuesday's earthquake" is
     still called so a week later, so looking back at a named event says little.
   Weekdays name the days around a report, so the evidence must fall within three
   days of the day it votes for. Each of this article's mentions matched to a sibling's
   happening is one vote, an announced event two (it pins the day itself). The day with
   most votes wins if it has two or more: one shared weekday and name can be chance
   (protests every Friday, a leader in every sentence). A tie leaves the article
   undated: a wrong day would misplace every date in it, an undated article only
   leaves them unresolved.
3. A day the article itself rules out gets no votes: one before every year it prints
   ("since 2016" is not in a 2014 article), or more than a month from every day and
   month it prints without a year ("paychecks due on Jan. 11" is not in a February
   article). Stories run for weeks and named events recur, so the votes of step 2 can
   point at the wrong week; the article's own dates are what catch that.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from storyline import data
from storyline.analyze.dates.resolve import sentence_bounds
from storyline.analyze.dates.timex import Spotted, resolve_expressions, spot_expressions
from storyline.records import TimeExpression

WEEKDAY_VALUE = re.compile(r"XXXX-WXX-[1-7](?:T\w+)?")
_DAY_VALUE = re.compile(r"(\d{4}-\d\d-\d\d)(?:T\w+)?")
_REFERENCE_MONDAY = date(2001, 1, 1)  # any week will do: only weekday arithmetic is asked of it
# Days between an article and what it names by weekday, or the other articles of its story: weekdays
# name the days around a report ("on Friday" six days back would read "last Friday").
STORY_REACH = 3
WEIGHT = {"story": 1, "event": 2}
MIN_SCORE = 2  # votes: two agreeing happenings, or one announced event
_WORD = re.compile(r"[a-z]+")
_DETERMINER_BEFORE = re.compile(r"(?i)\b(?:the|a|an|this|that|last|its|their)\s+$")
_NOUN_BEFORE = re.compile(r"([a-z]+)\s+(?:on|of)\s+$")
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")
_YEARLESS_DAY = re.compile(r"XXXX-\d\d-\d\d")
MONTH_REACH = 31  # days between a report and the nearest day-and-month it prints
_WORDS_AFTER = re.compile(r"(?:['’]s)?((?:\s+[a-z][a-z-]*){1,3})")

EntitiesAt = Callable[[int], frozenset[int]]  # offset -> the canonical entities of the sentence around it


def _no_entities(offset: int) -> frozenset[int]:
    return frozenset()


@cache
def event_kinds() -> dict[str, str]:
    """Noun -> the kind of event it names, from `data/dates/event_nouns.tsv` (first kind wins)."""
    kinds: dict[str, str] = {}
    for kind, nouns in data.rows("dates", "event_nouns.tsv"):
        for noun in nouns.split():
            kinds.setdefault(noun, kind)
    return kinds


@dataclass(frozen=True)
class DatedEvent:
    """A day a dated article gives something: an event it names by its day ("the 16 May
    meeting": `kind` "meeting"), or any happening in a sentence with named actors (`kind` None)."""

    article: str
    day: date
    kind: str | None
    text: str
    entities: frozenset[int]


@dataclass(frozen=True)
class Anchor:
    day: date
    method: str  # "text", "story", "event" or "story+event"
    evidence: tuple[dict[str, str], ...]


@dataclass
class Undated:
    """An article without a printed day, as far as dating it needs."""

    article: str
    body: str
    entities: frozenset[int]
    weekday: int | None = None  # 1 = Monday
    weekday_starts: frozenset[int] = field(default_factory=frozenset)
    yearless_starts: frozenset[int] = field(default_factory=frozenset)  # "Jan. 11", "16 May"
    years: frozenset[int] = field(default_factory=frozenset)  # years printed as digits
    entities_at: EntitiesAt = _no_entities
    stated: Anchor | None = None  # step 0: the day its text states as its own
    spotted: Spotted = field(default_factory=list, repr=False)
    _resolved: dict[date, list[TimeExpression]] = field(default_factory=dict, repr=False)

    @classmethod
    def read(
        cls,
        article: str,
        body: str,
        entities: Iterable[int],
        weekday: int | None = None,
        entities_at: EntitiesAt = _no_entities,
        year: int | None = None,
    ) -> Undated:
        """Its weekday mentions, its own weekday unless one worked out before is given, and the day its
        text states (`year`: the one the input's metadata gives, if any)."""
        spotted = spot_expressions(body)
        found = resolve_expressions(body, spotted, None)
        starts = frozenset(t.start for t in found if WEEKDAY_VALUE.fullmatch(t.value))
        if weekday is None:
            weekday = publication_weekday(body, starts, spotted)
        yearless = frozenset(t.start for t in found if _YEARLESS_DAY.fullmatch(t.value))
        years = frozenset(int(t.value[:4]) for t in found if t.value[:4].isdigit() and t.value[:4] in t.text)
        u = cls(article, body, frozenset(entities), weekday, starts, yearless, years, entities_at, None, spotted)
        u.stated = stated_day(u, found, year)
        if u.stated is not None:
            u.weekday = u.stated.day.isoweekday()
        return u

    def resolve(self, day: date) -> list[TimeExpression]:
        """Its time expressions as they read if it was published on `day` (asked again and again)."""
        if day not in self._resolved:
            self._resolved[day] = resolve_expressions(self.body, self.spotted, day)
        return self._resolved[day]

    def unresolved(self) -> list[TimeExpression]:
        """Its time expressions as the reading stored them: no anchor, relative values underspecified."""
        return resolve_expressions(self.body, self.spotted, None)

    def rules_out(self, day: date) -> bool:
        """Step 3: the article's own dates say it was not published on `day`."""
        if self.years and all(year > day.year for year in self.years):
            return True
        if not self.yearless_starts:
            return False
        printed = (day_of(t.value) for t in self.resolve(day) if t.start in self.yearless_starts)
        return all(d is None or abs((d - day).days) > MONTH_REACH for d in printed)


_TODAY_GLUE = re.compile(r"\s*(?:,|\(|:|–|—|\bis\b)?\s*(?:the\s+)?", re.I)
_DATELINE_BEFORE = re.compile(r"\s*(?:[A-Z][\w.'’-]*[ \t]*,?[ \t]*)*")  # "WASHINGTON, ", "NEW YORK "
_DATELINE_AFTER = re.compile(r"[ \t]*(?:\([^)\n]{1,40}\)[ \t]*)?(?:[—–:|]|--?\s)")  # "—", "(Reuters) -"
_PINNED_GLUE = re.compile(r"\s*\(\s*")
_PINNED_CLOSE = re.compile(r"\s*\)")
_DAY_MONTH = re.compile(r"(\d{4}|XXXX)-(\d\d)-(\d\d)")
_MONTH_YEAR = re.compile(r"\d{4}-\d\d(?:-\d\d)?(?:T[\w:]+)?")
_WEEKDAY_NAME = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")


Statement = tuple[TimeExpression, int, int, TimeExpression | None]  # the date, its words' span, a weekday given it


def stated_day(u: Undated, found: list[TimeExpression], year: int | None) -> Anchor | None:
    """Step 0: the day the text states as its own, with the words that state it, or None."""
    # the metadata's year is the article's; a year from its other dates may be a year off either way
    hint = _text_year(found)
    years = [year] if year is not None else [hint, hint + 1, hint - 1] if hint is not None else []
    for i in range(len(found)):
        said = _statement(u.body, found, i)
        day = _day(said[0], years, _weekday(said[3]) or _weekday(said[0])) if said else None
        if said is None or day is None:
            continue
        if said[3] is not None:
            day = _report_day(u, said[3], day)
        words = u.body[said[1] : said[2]]
        evidence = {"via": "text", "day": day.isoformat(), "here": words, "start": str(said[1]), "end": str(said[2])}
        return Anchor(day, "text", (evidence,))
    return None


def _statement(body: str, found: list[TimeExpression], i: int) -> Statement | None:
    t = found[i]
    nxt = found[i + 1] if i + 1 < len(found) else None
    glue = body[t.end : nxt.start] if nxt else ""
    if t.text.lower() == "today" and nxt and _TODAY_GLUE.fullmatch(glue):
        close = _PINNED_CLOSE.match(body, nxt.end) if "(" in glue else None
        return nxt, t.start, close.end() if close else nxt.end, None  # "Today, 25 May", "today (May 25)"
    if i == 0 and _opens_first_line(body, t):
        return t, t.start, t.end, None  # "Monday, June 2, 2025 —", "WASHINGTON, July 2 —"
    close = _PINNED_CLOSE.match(body, nxt.end) if nxt else None
    if WEEKDAY_VALUE.fullmatch(t.value) and nxt and close and _PINNED_GLUE.fullmatch(glue):
        # "on Wednesday (July 23)": a weekday is a day of the report's week; printed with its weekday a date
        # may lie far off ("the vote on Tuesday, Nov. 2"), so only a dateline counts in that form
        return nxt, t.start, close.end(), t
    return None


def _opens_first_line(body: str, t: TimeExpression) -> bool:
    """A dateline: the date opens the first line (after a place in capitals, if any), a dash or colon after."""
    first = body.lstrip()
    offset = len(body) - len(first)
    before = _DATELINE_BEFORE.match(body, offset)
    return bool(before and before.end() >= t.start and "\n" not in body[offset : t.start]) and bool(
        _DATELINE_AFTER.match(body, t.end)
    )


def _weekday(t: TimeExpression | None) -> int | None:
    m = _WEEKDAY_NAME.search(t.text) if t is not None else None
    return ["Mon", "Tues", "Wednes", "Thurs", "Fri", "Satur", "Sun"].index(m.group()[:-3]) + 1 if m else None


def _day(t: TimeExpression, years: list[int], weekday: int | None) -> date | None:
    """The day `t` names, in the year it prints, else the first of `years` (the first on which its weekday
    falls, if it names one)."""
    m = _DAY_MONTH.fullmatch(t.value.split("T")[0])
    if not m:
        return None
    month, dd = int(m.group(2)), int(m.group(3))
    if m.group(1) != "XXXX":
        years = [int(m.group(1))]
    elif weekday is None:
        years = years[:1]
    for y in years:
        try:
            day = date(y, month, dd)
        except ValueError:
            continue
        if weekday is None or day.isoweekday() == weekday:
            return day
    return None


def _report_day(u: Undated, mention: TimeExpression, day: date) -> date:
    """A weekday given its date dates that mention; the report is on the day of its own weekday
    from which the mention reads as that date (the date itself when that does not settle it)."""
    if u.weekday is None or u.weekday == day.isoweekday():
        return day
    for delta in range(-STORY_REACH, STORY_REACH + 1):
        candidate = day + timedelta(days=delta)
        if candidate.isoweekday() != u.weekday:
            continue
        landed = [day_of(t.value) for t in u.resolve(candidate) if t.start == mention.start]
        if landed == [day]:
            return candidate
    return day


def _text_year(found: list[TimeExpression]) -> int | None:
    """The year a report is from, as its own dates give it: the latest of its dates printed with a month and a
    year. A year printed alone says little ("took office in 2009" in a 2010 report, "by 2030")."""
    full = [int(t.value[:4]) for t in found if _MONTH_YEAR.fullmatch(t.value) and t.value[:4] in t.text]
    return max(full) if full else None


def day_of(value: str) -> date | None:
    m = _DAY_VALUE.fullmatch(value)
    return date.fromisoformat(m.group(1)) if m else None


def publication_weekday(body: str, weekday_starts: frozenset[int], spotted: Spotted | None = None) -> int | None:
    """The weekday that brings the article's weekday mentions nearest (step 1), or None on a tie."""
    if not weekday_starts:
        return None
    spotted = spot_expressions(body) if spotted is None else spotted
    costs: dict[int, int] = {}
    for offset in range(7):
        anchor = _REFERENCE_MONDAY + timedelta(days=offset)
        days = [day_of(t.value) for t in resolve_expressions(body, spotted, anchor) if t.start in weekday_starts]
        costs[anchor.isoweekday()] = sum(abs((d - anchor).days) for d in days if d is not None)
    best = min(costs.values())
    winners = [weekday for weekday, cost in costs.items() if cost == best]
    return winners[0] if len(winners) == 1 else None


def dated_events(article: str, body: str, found: Iterable[TimeExpression], entities_at: EntitiesAt) -> list[DatedEvent]:
    """Events named by a day in a dated article: the day before its event noun ("the 16 May
    meeting", "Monday's talks") or after it ("the talks on 2 June")."""
    kinds = event_kinds()
    out: list[DatedEvent] = []
    for t in found:
        day = day_of(t.value)
        if day is None or t.kind != "date":
            continue
        noun = None
        before = body[max(0, t.start - 30) : t.start]
        after = body[t.end : t.end + 40]
        if _DETERMINER_BEFORE.search(before) or _POSSESSIVE_AFTER.match(after):
            words = _WORDS_AFTER.match(after)
            noun = next((w for w in (words.group(1).split() if words else []) if w in kinds), None)
        if noun is None:
            m = _NOUN_BEFORE.search(before)
            noun = m.group(1) if m and m.group(1) in kinds else None
        if noun is not None:
            out.append(DatedEvent(article, day, kinds[noun], f"{t.text} {noun}", entities_at(t.start)))
    return out


def dated_mentions(article: str, found: Iterable[TimeExpression], entities_at: EntitiesAt) -> list[DatedEvent]:
    """Every day a dated article gives in a sentence with named actors or places."""
    out = []
    for t in found:
        day, entities = day_of(t.value), entities_at(t.start)
        if day is not None and t.kind in ("date", "time") and entities:
            out.append(DatedEvent(article, day, None, t.text, entities))
    return out


def infer(undated: Undated, siblings: Iterable[DatedEvent], events: Iterable[DatedEvent]) -> Anchor | None:
    """The day `undated` was most likely published (steps 0, 2 and 3), or None when nothing settles it."""
    if undated.stated is not None:
        return undated.stated
    weekday = undated.weekday
    if weekday is None:
        return None
    votes: dict[date, list[dict[str, str]]] = {}
    for via, given in (("story", list(siblings)), ("event", list(events))):
        for candidate, found in _votes(undated, weekday, given, via).items():
            votes.setdefault(candidate, []).extend(found)
    votes = {day: v for day, v in votes.items() if not undated.rules_out(day)}
    if not votes:
        return None
    score = {day: sum(WEIGHT[e["via"]] for e in v) for day, v in votes.items()}
    best = max(score.values())
    if best < MIN_SCORE:
        return None
    winners = [day for day, points in score.items() if points == best]
    if len(winners) != 1:
        return None
    evidence = votes[winners[0]]
    methods = sorted({e["via"] for e in evidence}, key=["story", "event"].index)
    return Anchor(winners[0], "+".join(methods), tuple(evidence))


def _votes(undated: Undated, weekday: int, evidence: list[DatedEvent], via: str) -> dict[date, list[dict[str, str]]]:
    """Days of `weekday` on which one of the article's weekday mentions lands on a day the
    evidence gives, and tells the same thing (`_tells`): a vote per sibling or event and mention here."""
    if via == "event":
        need = [e for e in evidence if e.entities and len(e.entities & undated.entities) >= min(2, len(e.entities))]
    else:
        need = [e for e in evidence if e.entities & undated.entities]
    candidates = {
        e.day + timedelta(days=delta)
        for e in need
        for delta in range(-STORY_REACH, STORY_REACH + 1)
        if (e.day + timedelta(days=delta)).isoweekday() == weekday
    }
    votes: dict[date, list[dict[str, str]]] = {}
    for candidate in sorted(candidates):
        landed = [(day_of(t.value), t) for t in undated.resolve(candidate) if t.start in undated.weekday_starts]
        told: set[tuple[str, int]] = set()  # (sibling or event, mention here): each pair votes once
        for e in need:
            for day, t in landed:
                key = (e.article if via == "story" else f"{e.article}:{e.day}:{e.text}", t.start)
                if day != e.day or key in told or not _tells(undated, t, e, candidate):
                    continue
                told.add(key)
                vote = {"via": via, "article": e.article, "day": e.day.isoformat(), "here": t.text}
                votes.setdefault(candidate, []).append(vote | ({"event": e.text} if e.kind else {"there": e.text}))
    return votes


def _tells(undated: Undated, t: TimeExpression, e: DatedEvent, candidate: date) -> bool:
    """Whether the sentence of weekday mention `t` speaks of what `e` dates."""
    if e.kind is None:  # a sibling's happening: the same actors or places in both sentences
        return bool(undated.entities_at(t.start) & e.entities)
    day = day_of(t.value)
    if day is None or day <= candidate:
        return False  # only an announcement of the event pins the week
    left, right = sentence_bounds(undated.body, t.start, t.end)
    kinds = event_kinds()
    return e.kind in {kinds.get(w) for w in _WORD.findall(undated.body[left:right].lower())}
