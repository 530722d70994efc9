"""Temporal expressions in an article body, typed and resolved the TIMEX3 way.

A timeline needs dates, and news prints them relative to its own publication day
("on Sunday", "last month", "two years ago"). This module finds every temporal
expression with the rules of `timex_patterns`, throws out the look-alikes ("talks may
start", "Theresa May", "1201 Connecticut Ave", "a second round"), keeps the longest
reading where rules overlap, and resolves each against the anchor (the publication
date) with `timex_rules`. Values follow TIMEX3: "over the weekend" is the week-end
value "2025-W19-WE" (TIMEX3 has no date ranges), "18 months in the making" is the
duration "P18M", "Thursday night" is "2025-05-15TNI".
"""

from __future__ import annotations

import re
from datetime import date

from storyline.analyze.dates.context import Context
from storyline.analyze.dates.names import in_name
from storyline.analyze.dates.patterns import GATE_AFTER, GATE_BEFORE, GATES, rules
from storyline.analyze.dates.rules import RESOLVERS
from storyline.records import Sentence, TimeExpression

# Words before a bare month that make it a date ("in May"), not a name or a verb ("Theresa May", "March on").
_MONTH_CUES = frozenset(
    {"in", "since", "until", "till", "by", "from", "through", "during", "of", "before", "after", "early", "late"}
    | {"mid", "last", "next", "this", "between", "and", "to", "or", "the", "that", "each", "every"}
)
_AMBIGUOUS_MONTHS = frozenset({"May", "March", "June", "August"})
_COUNT_NOUNS = re.compile(
    r"\s+(?:people|persons|troops|soldiers|men|women|children|km|kilometres|kilometers|miles|metres|meters|feet|ft"
    r"|tons|tonnes|units|cases|deaths|dead|homes|houses|jobs|points|votes|barrels|dollars|euros|pounds|rubles|yuan"
    r"|workers|employees|members|residents|refugees|prisoners|drones|missiles|vehicles|acres|hectares|words|pages"
    r"|seats|times|shares|students|civilians|patients|calories|square|sq)\b",
    re.I,
)
_STREET = re.compile(
    r"\s+(?:[A-Z][a-z]+\s+){0,2}(?:Ave|Avenue|St|Street|Road|Rd|Blvd|Boulevard|Lane|Ln|Way|Drive|Dr|Place|Pl"
    r"|Court|Ct|Square|Highway|Hwy|Parkway|Pkwy|NW|NE|SW|SE)\b\.?"
)
_NUMBER_BEFORE = re.compile(
    r"(?:[$€£¥#]|No\.|\bnumber|\bRoom|\bSuite|\bFlight|\bRoute|\bBox|\bmore\s+than|\bless\s+than|\bfewer\s+than"
    r"|\babout|\bsome|\bnearly|\balmost|\baround|\broughly|\bapproximately|\bat\s+least|\bup\s+to|\bpage|\bpp?\.)\s*$",
    re.I,
)
_PRECISION = [
    (re.compile(r"^P(?:T)?[\dX.]*(?:S|H)$|^PT[\dX.]*M$"), "time"),
    (re.compile(r"^P[\dX.]*D$"), "day"),
    (re.compile(r"^P[\dX.]*W$"), "week"),
    (re.compile(r"^P[\dX.]*WE$"), "weekend"),
    (re.compile(r"^P[\dX.]*M$"), "month"),
    (re.compile(r"^P[\dX.]*Y$"), "year"),
    (re.compile(r"^P[\dX.]*DE$"), "decade"),
    (re.compile(r"^P[\dX.]*CE$"), "century"),
    (re.compile(r"^P[\dX.]*Q$"), "quarter"),
    (re.compile(r"T"), "time"),
    (re.compile(r"^[\dX]{4}-[\dX]{2}-[\dX]{2}$|^XXXX-WXX-\d$"), "day"),
    (re.compile(r"-W[\dX]{2}-WE$"), "weekend"),
    (re.compile(r"-W[\dX]{2}$"), "week"),
    (re.compile(r"^[\dX]{4}-[\dX]{2}$"), "month"),
    (re.compile(r"-(?:SP|SU|FA|WI)$"), "season"),
    (re.compile(r"-Q[\dX]$"), "quarter"),
    (re.compile(r"^[\dX]{4}$"), "year"),
    (re.compile(r"^[\dX]{3}$"), "decade"),
    (re.compile(r"^[\dX]{2}$"), "century"),
]


Spotted = list[tuple[int, int, str, re.Match[str]]]  # (start, end, rule, match): expressions found, not resolved


def find_time_expressions(text: str, anchor: date | None) -> list[TimeExpression]:
    """Every temporal expression in `text`, in order, resolved against `anchor` (None: underspecified values)."""
    return resolve_expressions(text, spot_expressions(text), anchor)


def spot_expressions(text: str) -> Spotted:
    """Where the expressions are and which rule reads each: the part that does not depend on
    the anchor, so that resolving one text against many candidate days finds them once."""
    candidates: Spotted = []
    windows: dict[str, list[tuple[int, int]]] = {}
    for name, pattern in rules():
        gate = GATES[name].pattern
        if gate not in windows:
            windows[gate] = _gate_windows(text, GATES[name])
        for lo, hi in windows[gate]:
            for m in pattern.finditer(text, lo, hi):
                if m.end() > m.start() and _plausible(name, m, text):
                    candidates.append((m.start(), m.end(), name, m))
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
    taken = bytearray(len(text))
    chosen = []
    for start, end, name, m in candidates:
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            chosen.append((start, end, name, m))
    chosen.sort()
    return chosen


def resolve_expressions(text: str, chosen: Spotted, anchor: date | None) -> list[TimeExpression]:
    """The spotted expressions typed and resolved against `anchor`."""
    ctx = Context(text, anchor)
    found: list[TimeExpression] = []
    for start, end, name, m in chosen:
        resolved = RESOLVERS[name](m, ctx)
        if resolved is None:
            continue
        value, kind = resolved
        start, end = _trim(text, start, end, name, m, kind)
        found.append(TimeExpression(start, end, text[start:end], value, kind, precision(value, kind)))
        if kind in ("date", "time") and re.match(r"\d{4}-\d\d-\d\d", value):
            ctx.ref, ctx.ref_pos, ctx.ref_start = date.fromisoformat(value[:10]), end, start
    return _merge_clock_times(text, found)


_DATED = re.compile(r"\d{4}(-\d\d(-\d\d)?|-W\d\d(-WE)?)?")


def dated_sentences(spans: list[tuple[int, int]], dates: list[TimeExpression]) -> list[Sentence]:
    """Each sentence with the first fully resolved date or time inside it."""
    usable = sorted(
        (d for d in dates if d.kind in ("date", "time") and _DATED.fullmatch(d.value.split("T")[0])),
        key=lambda d: d.start,
    )
    out: list[Sentence] = []
    k = 0
    for start, end in spans:
        while k < len(usable) and usable[k].start < start:
            k += 1
        inside = usable[k] if k < len(usable) and usable[k].start < end else None
        out.append(Sentence(start, end, inside.value.split("T")[0] if inside else None))
    return out


_CLOCK_VALUE = re.compile(r"T(\d\d:\d\d)$")
_DAY_VALUE = re.compile(r"^(?:\d{4}|XXXX)-(?:\d\d|XX)-(?:\d\d|XX)$|^XXXX-WXX-\d$")
_GLUE = re.compile(r"^\s*(?:,|on|at|of)?\s*(?:,|on|at)?\s*$", re.I)


def _merge_clock_times(text: str, found: list[TimeExpression]) -> list[TimeExpression]:
    """ "10 p.m. Wednesday", "Monday at 1pm", "1 p.m. the next day": one TIME on that day, as TimeML has it."""
    out: list[TimeExpression] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        if b is not None and len(text[a.end : b.start]) <= 5 and _GLUE.match(text[a.end : b.start]):
            for clock, day in ((a, b), (b, a)):
                hhmm = _CLOCK_VALUE.search(clock.value)
                if hhmm and clock.kind == "time" and day.kind == "date" and _DAY_VALUE.match(day.value):
                    value = f"{day.value}T{hhmm.group(1)}"
                    out.append(TimeExpression(a.start, b.end, text[a.start : b.end], value, "time", "time"))
                    i += 2
                    break
            else:
                out.append(a)
                i += 1
            continue
        out.append(a)
        i += 1
    return out


def _gate_windows(text: str, gate: re.Pattern[str]) -> list[tuple[int, int]]:
    """Merged spans of text around a rule's gate words, starting at a word boundary."""
    windows: list[tuple[int, int]] = []
    for m in gate.finditer(text):
        lo = max(0, m.start() - GATE_BEFORE)
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        hi = min(len(text), m.end() + GATE_AFTER)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def precision(value: str, kind: str) -> str:
    """The granularity of a TIMEX3 value (durations by their unit; sets and references are "unknown")."""
    if kind == "set" or value.endswith("_REF"):
        return "unknown"
    for pattern, name in _PRECISION:
        if pattern.search(value):
            return name
    return "unknown"


def _trim(text: str, start: int, end: int, name: str, m: re.Match[str], kind: str) -> tuple[int, int]:
    """TimeML spans leave out a leading "on"/"for"/"in", a possessive "'s", brackets, and the signal after a
    duration ("three days [later]", "18 months [in the making]")."""
    if name == "duration" and kind == "duration" and m["post"]:
        end = m.start("post")
        while text[end - 1] in " -\n\t":
            end -= 1
    while text[start] == "(" and ")" not in text[start:end]:
        start += 1
    while text[end - 1] == ")" and "(" not in text[start:end]:
        end -= 1
    if text[start] == "(" and text[end - 1] == ")":
        start, end = start + 1, end - 1
    span = text[start:end]
    lead = None
    if name in ("weekdays", "plural"):
        # "for years" -> "years", "in the coming days" -> "the coming days"
        lead = re.match(r"(?i)(?:on|for|in|over|within|of)\s+(?:the\s+(?=\w+$))?", span)
    elif name in ("month_day", "day_month"):
        lead = re.match(r"(?i)the\s+(?=\S)", span)  # "the Oct. 23 slaying"
    if lead is None:
        lead = re.match(r"(?i)(?:earlier|later)\s+(?=\S)", span)  # "[earlier] this week": a modifier, not the date
    if lead:
        start += lead.end()
    tail = re.search(r"['’]s?$", text[start:end])
    if tail and name != "decade":
        end -= len(tail.group())
    return start, end


def _plausible(name: str, m: re.Match[str], text: str) -> bool:
    """The traps: look-alikes that a rule's shape cannot tell from a date."""
    start, end = m.start(), m.end()
    before = text[max(0, start - 40) : start]
    after = text[end : end + 40]
    groups = m.groupdict()
    if in_name(name, m, text):
        return False
    if name == "month":
        return _bare_month_ok(m, before, after)
    if name == "year":
        traps = (
            _NUMBER_BEFORE.search(before) or _COUNT_NOUNS.match(after) or _STREET.match(after),  # counts, addresses
            # phone numbers and number ranges, but not a range of years ("2009-2010")
            (re.search(r"\d[-–./]\s*$", before) and not re.search(r"\b(?:1[0-9]|20)\d\d[-–]$", before))
            or re.match(r"\s*(?:[-–]\s*\d{3}(?!\d)|\)\s*\d)", after),
            not groups.get("mod") and re.match(r"\s*(?:[A-Z][a-z]+\s+)?(?:km|kg|mph|m|ft|lb)\b", after),
        )
        return not any(traps)
    if name in ("duration", "half"):
        return _duration_ok(groups, before, after)
    if name == "season":
        if groups.get("year") or groups.get("rel") or groups.get("mod"):
            return True
        after_ok = not re.match(r"\s+of\s+(?:the\s+)?[A-Z]", after)  # "the fall of Rome"
        cue = re.search(r"\b(?:in|into|this|during|by|until|over|through|since|last|next)\s+(?:the\s+)?$", before, re.I)
        return after_ok and bool(cue)
    if name == "clock":
        return not (groups.get("hour2") and re.search(r"\d[:.]$|[A-Za-z]:?$", before))
    if name == "reference":
        word = m.group().lower()
        if word == "now" and re.match(r"\s+that\b", after):
            return True
        if word in ("the present", "the past", "the future") and re.match(r"\s+(?:and|or)\b", after):
            return True
        return True
    return True


def _duration_ok(groups: dict[str, str | None], before: str, after: str) -> bool:
    unit = (groups.get("unit") or groups.get("unit2") or "").lower()
    num = (groups.get("num") or "").lower()
    plural = bool(groups.get("pl"))
    spaced = (groups.get("sep") or "-").strip() != "-"
    traps = (
        unit == "second" and not plural and not num[:1].isdigit(),  # "a second round": an ordinal
        (groups.get("post") or "").lower() == "old",  # ages ("a 52-year-old man") are not times in TimeML
        not plural and spaced and num.isdigit() and int(num) > 1,  # "the 1988 second quarter"
        unit == "quarter" and (not plural or bool(re.match(r"\s+of\b", after))),  # "a quarter of the population"
        unit == "night" and not plural,
        num in ("a", "an", "one", "single", "a single")
        and not plural
        and bool(re.search(r"\b(?:a|an|per)\s*$", before)),
        num == "one"
        and unit == "day"
        and not groups.get("post")
        and not re.search(r"\b(?:for|in|within|after)\s+$", before),
        num == "some" and not plural,
    )
    return not any(traps)


def _bare_month_ok(m: re.Match[str], before: str, after: str) -> bool:
    """A month printed alone is a date only where a date can stand: after a preposition or modifier."""
    word = m["mon"]
    if m.groupdict().get("rel") or m.groupdict().get("mod"):
        return True
    prev = re.search(r"([A-Za-z'’]+)[\s,]*$", before)
    prev_word = prev.group(1) if prev else ""
    if re.match(r"\s+[A-Z][a-z]", after) and not re.match(r"\s+(?:and|or|to|through)\b", after, re.I):
        nxt = re.match(r"\s+([A-Z][a-z]+)", after)
        if nxt and nxt.group(1) not in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
            return False  # "June Carter", "May Day"
    if prev_word[:1].isupper() and prev_word.lower() not in _MONTH_CUES and not re.search(r"[.!?:\"“]\s*$", before):
        return False  # "Theresa May", "Operation August"
    if word in _AMBIGUOUS_MONTHS:
        return prev_word.lower() in _MONTH_CUES
    return True
