"""Durations, sets, clock times and references: the expressions that are not a calendar date.

"18 months in the making" is the duration P18M, "every Monday" the set XXXX-WXX-1,
"1pm" a time on the day the sentence speaks of, "now" PRESENT_REF. Durations use the
largest whole unit TimeML writes ("a year and a half" is P18M, decades are years).
"""

from __future__ import annotations

import re

from storyline.analyze.dates.context import (
    PARTS_OF_DAY,
    Context,
    Resolved,
    count,
    group,
    iso_day,
    shift,
    weekday_number,
)
from storyline.analyze.dates.patterns import lexicon

_UNIT = {
    "second": ("PT", "S"), "minute": ("PT", "M"), "hour": ("PT", "H"), "day": ("P", "D"), "night": ("P", "D"),
    "week": ("P", "W"), "weekend": ("P", "WE"), "fortnight": ("P", "W"), "month": ("P", "M"), "year": ("P", "Y"),
    "decade": ("P", "DE"), "centurie": ("P", "CE"), "century": ("P", "CE"), "quarter": ("P", "Q"),
}  # fmt: skip


def duration_value(n: int | float | None, unit: str) -> str:
    """An ISO 8601 duration; decades and centuries in years, as TimeBank writes them ("P10Y")."""
    prefix, code = _UNIT[unit]
    if n is None:
        return f"{prefix}X{code}"
    if unit == "fortnight":
        n *= 2
    if code in ("DE", "CE"):
        n, code = n * (10 if code == "DE" else 100), "Y"
    whole = int(n)
    if n == whole:
        return f"{prefix}{whole}{code}"
    if code == "Y":
        return f"P{round(n * 12)}M"
    finer = {"H": ("M", 60), "M": ("S", 60) if prefix == "PT" else ("D", 30), "D": ("H", 24), "W": ("D", 7)}
    if code in finer:
        code2, factor = finer[code]
        rest = round((n - whole) * factor)
        head = f"{whole}{code}" if whole else ""
        if prefix == "P" and code2 == "H":
            return f"P{head}T{rest}H"
        return f"{prefix}{head}{rest}{code2}"
    return f"{prefix}{whole}{code}"


def duration(m: re.Match[str], ctx: Context) -> Resolved:
    unit = m["unit"].lower()
    n = count(m["num"])
    if group(m, "more"):
        n = (n or 0) + 0.5
    post = re.sub(r"\s+", " ", (group(m, "post") or "").lower())
    if post in ("after", "before") and ctx.same_sentence_ref(m.start(), m.end()) is None:
        post = ""  # TimeML: "a month after the vote" is the duration "a month" and a signal
    if post in ("earlier", "later") and unit == "year":
        post = "ago" if post == "earlier" else ""  # "a year earlier": the year before, as TimeBank has it
    if post == "from now":
        post = ""  # TimeML: "eight years from now" is the duration and a signal
    if post in ("ago", "from now", "after", "before"):
        ref = ctx.anchor if post in ("ago", "from now") else ctx.same_sentence_ref(m.start(), m.end())
        if n is None:
            return ("PAST_REF" if post == "ago" else "FUTURE_REF"), "date"
        sign = -1 if post in ("ago", "after") else 1
        if ref is None:
            return {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX"}.get(unit, "XXXX"), "date"
        if unit in ("hour", "minute", "second"):
            return duration_value(n, unit), "duration"
        return shift(ref, "day" if unit == "night" else unit, sign * n), "date"
    return duration_value(n, unit), "duration"


def half(m: re.Match[str], ctx: Context) -> Resolved:
    if group(m, "unit"):
        return duration_value(0.5, m["unit"].lower()), "duration"
    return duration_value((count(m["num"]) or 0) + 0.5, m["unit2"].lower()), "duration"


def plural(m: re.Match[str], ctx: Context) -> Resolved:
    unit = (group(m, "unit") or m["unit2"]).lower().rstrip("s")
    return duration_value(None, "centurie" if unit == "centurie" else unit), "duration"


def set_(m: re.Match[str], ctx: Context) -> Resolved:
    what = (group(m, "what") or group(m, "what2") or "").lower()
    if what.capitalize() in lexicon()["weekday"]:
        return f"XXXX-WXX-{weekday_number(what.capitalize())}", "set"
    if what in PARTS_OF_DAY:
        return f"XXXX-XX-XXT{PARTS_OF_DAY[what]}", "set"
    if what in lexicon()["season"] or what == "season":
        return "P1Y", "set"
    other = "other" in m.group().lower()
    return duration_value(2 if other else 1, what), "set"


def setword(m: re.Match[str], ctx: Context) -> Resolved:
    return lexicon()["set_adverb"][m["sw"].lower()], "set"


def clock(m: re.Match[str], ctx: Context) -> Resolved:
    word = (group(m, "word") or "").lower()
    if word:
        hh, mm = (24, 0) if word == "midnight" else (12, 0)
    else:
        hh = int(group(m, "hour") or group(m, "hour2") or m["hour3"])
        mm = int(group(m, "minute") or group(m, "minute2") or group(m, "minute3") or 0)
        ampm = (group(m, "ampm") or "").lower().replace(".", "")
        if ampm == "pm" and hh < 12:
            hh += 12
        elif ampm == "am" and hh == 12:
            hh = 0
        if hh > 24 or (hh == 0 and not ampm and not group(m, "minute2")):
            return None
    base = ctx.reference(m.start())
    day = iso_day(base) if base else "XXXX-XX-XX"
    return f"{day}T{hh:02d}:{mm:02d}", "time"


def reference(m: re.Match[str], ctx: Context) -> Resolved:
    return lexicon()["reference"][re.sub(r"\s+", " ", m["ref"].lower())], "date"
