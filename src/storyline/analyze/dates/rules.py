"""What each rule's match means: a TIMEX3 value, computed from the match and the anchor.

Every resolver returns the value and kind, or None when the match turns out not to be
a time at all (the ambiguous words are checked in `timex.py` before this runs). With no
anchor, relative expressions get underspecified values ("XXXX-WXX-1" for "Monday")
rather than a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from storyline.analyze.dates import resolve as cal
from storyline.analyze.dates.amounts import clock, duration, half, plural, reference, set_, setword
from storyline.analyze.dates.context import (
    PARTS_OF_DAY,
    Context,
    Resolved,
    full_year,
    group,
    iso_day,
    month_number,
    names_event,
    shift,
    weekday_number,
)
from storyline.analyze.dates.patterns import lexicon, number_words


def iso(m: re.Match[str], ctx: Context) -> Resolved:
    day = f"{m['year']}-{m['month']}-{m['dd']}"
    try:
        date.fromisoformat(day)
    except ValueError:
        return None
    if group(m, "hour"):
        return f"{day}T{m['hour']}:{m['minute']}", "time"
    return day, "date"


def slash(m: re.Match[str], ctx: Context) -> Resolved:
    try:
        return iso_day(date(full_year(m["year"]), int(m["month"]), int(m["dd"]))), "date"
    except ValueError:
        return None


def month_day(m: re.Match[str], ctx: Context) -> Resolved:
    month, day = month_number(m["mon"]), int(m["day"])
    if group(m, "year"):
        year = int(m["year"])
    elif ctx.anchor is None:
        return f"XXXX-{month:02d}-{day:02d}", "date"
    else:
        year = cal.day_year(ctx.anchor, month, day, ctx.event_tense(m))
    try:
        return iso_day(date(year, month, day)), "date"
    except ValueError:
        return None


def month_year(m: re.Match[str], ctx: Context) -> Resolved:
    return f"{int(m['year'])}-{month_number(m['mon']):02d}", "date"


def month_rel_year(m: re.Match[str], ctx: Context) -> Resolved:
    month = month_number(m["mon"])
    if ctx.anchor is None:
        return f"XXXX-{month:02d}", "date"
    step = {"this": 0, "last": -1, "next": 1}[m["yrel"].lower()]
    return f"{ctx.anchor.year + step}-{month:02d}", "date"


def month(m: re.Match[str], ctx: Context) -> Resolved:
    mon = month_number(m["mon"])
    rel = re.sub(r"\s+", " ", (group(m, "rel") or "").lower())
    if ctx.anchor is None:
        return f"XXXX-{mon:02d}", "date"
    a = ctx.anchor
    if rel in ("last", "past", "the past", "the last", "the previous"):
        year = a.year if mon < a.month else a.year - 1
    elif rel in ("next", "coming", "the coming", "the next", "the following"):
        year = a.year if mon > a.month else a.year + 1
    elif rel in ("this", "the current"):
        year = a.year
    elif names_event(ctx.text, m.end()):
        year = cal.event_month_year(a, mon, ctx.event_tense(m))
    else:
        year = cal.month_year(a, mon, ctx.tense(m))
    return f"{year}-{mon:02d}", "date"


def weekday(m: re.Match[str], ctx: Context) -> Resolved:
    wd = weekday_number(m["wd"])
    pod = PARTS_OF_DAY.get((group(m, "pod") or "").lower())
    if ctx.anchor is None:
        day = f"XXXX-WXX-{wd}"
    else:
        rel = re.sub(r"\s+", " ", (group(m, "rel") or "").lower())
        a = ctx.anchor
        if rel in ("last", "past", "this past"):
            d = cal.weekday_date(a - timedelta(days=1), wd, cal.PAST)
        elif rel in ("next", "coming", "this coming"):
            d = cal.weekday_date(a + timedelta(days=1), wd, cal.FUTURE)
        elif rel == "this":
            d = cal.weekday_date(a, wd, cal.FUTURE)
        elif re.search(r"['’]s$", m.group()):
            d = cal.weekday_date(a, wd, cal.PAST)  # "Thursday's ruling": an event already reported
        else:
            d = cal.weekday_date(a, wd, ctx.tense(m))
        day = iso_day(d)
    return (f"{day}T{pod}", "time") if pod else (day, "date")


def weekdays(m: re.Match[str], ctx: Context) -> Resolved:
    return f"XXXX-WXX-{weekday_number(m['wd'])}", "set"


_DECADE_WORDS = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]


def decade_word(m: re.Match[str], ctx: Context) -> Resolved:
    return f"19{_DECADE_WORDS.index(m['decw'].lower()) + 2}", "date"


def year_part(m: re.Match[str], ctx: Context) -> Resolved:
    """Year end and the report period: the financial-news phrases that name the anchor's year or last quarter."""
    part = m["part"].lower()
    if group(m, "ago"):
        return (str(ctx.anchor.year - 1) if ctx.anchor else "XXXX"), "date"
    if ctx.anchor is None:
        return ("XXXX-QX" if "period" in part or "quarter" in part else "XXXX"), "date"
    if "period" in part or "quarter" in part:
        return _latest_quarter(ctx.anchor), "date"
    return str(ctx.anchor.year), "date"


def decade(m: re.Match[str], ctx: Context) -> Resolved:
    if group(m, "dec"):
        return m["dec"], "date"
    digit = m["dec2"]
    return ("19" if digit >= "2" else "20") + digit, "date"


def century(m: re.Match[str], ctx: Context) -> Resolved:
    word = m["ord"].lower()
    n = int(lexicon()["ordinal"].get(word) or re.sub(r"\D", "", word))
    return f"{n - 1:02d}", "date"


def season(m: re.Match[str], ctx: Context) -> Resolved:
    code = lexicon()["season"][m["season"].lower()]
    if group(m, "year"):
        return f"{m['year']}-{code}", "date"
    if ctx.anchor is None:
        return f"XXXX-{code}", "date"
    start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    rel = re.sub(r"\s+", " ", (group(m, "rel") or "").lower())
    year = ctx.anchor.year
    if rel in ("last", "the past", "this past"):
        year -= 1  # TimeBank reads "last spring" as the spring of last year
    elif not rel and ctx.tense(m) == cal.PAST and start >= ctx.anchor.month:
        year -= 1
    elif rel in ("next", "the coming"):
        year += 0 if start > ctx.anchor.month else 1
    return f"{year}-{code}", "date"


def _rel_year(m: re.Match[str], ctx: Context) -> str:
    if group(m, "year") or group(m, "year2") or group(m, "year0"):
        return str(group(m, "year") or group(m, "year2") or m["year0"])
    if ctx.anchor is None:
        return "XXXX"
    step = {"last": -1, "next": 1}.get((group(m, "yrel") or group(m, "yrel0") or "").lower(), 0)
    return str(ctx.anchor.year + step)


def quarter(m: re.Match[str], ctx: Context) -> Resolved:
    word = m["ord"].lower()
    if word in ("last", "latest") and m["qunit"].lower() == "quarter" and not (group(m, "year0") or group(m, "year")):
        return (_latest_quarter(ctx.anchor) if ctx.anchor else "XXXX-QX"), "date"
    n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}.get(word, 4)
    if m["qunit"].lower() == "half":
        return (f"{_rel_year(m, ctx)}-H{n}", "date") if n <= 2 else None
    return f"{_rel_year(m, ctx)}-Q{n}", "date"


def _latest_quarter(anchor: date) -> str:
    """The quarter a report dated `anchor` speaks of as "the quarter": the last one to have ended, roughly."""
    day = anchor - timedelta(days=45)
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def holiday(m: re.Match[str], ctx: Context) -> Resolved:
    code = lexicon()["holiday"][re.sub(r"\s+", " ", m["hol"])]
    if group(m, "year"):
        year = int(m["year"])
    elif ctx.anchor is None:
        return ("XXXX-11-XX" if code == "thanksgiving" else f"XXXX-{code}"), "date"
    else:
        month = 11 if code == "thanksgiving" else int(code[:2])
        rel = (group(m, "rel") or "").lower()
        direction = cal.PAST if rel == "last" else cal.FUTURE if rel == "next" else ctx.tense(m)
        year = cal.month_year(ctx.anchor, month, direction)
    if code == "thanksgiving":
        first = date(year, 11, 1)
        return iso_day(first + timedelta(days=(3 - first.weekday()) % 7 + 21)), "date"
    return f"{year}-{code}", "date"


def spoken_year(m: re.Match[str], ctx: Context) -> Resolved:
    rest = number_words().get(re.sub(r"\s+", " ", m["rest"].lower()))
    if rest is None:
        return None
    return str((1900 if m["cent"].lower().startswith("nineteen") else 2000) + rest), "date"


def qcode(m: re.Match[str], ctx: Context) -> Resolved:
    year = _rel_year(m, ctx)
    if group(m, "q"):
        return f"{year}-Q{m['q']}", "date"
    return f"{year}-H{group(m, 'h') or m['h2']}", "date"


def fiscal(m: re.Match[str], ctx: Context) -> Resolved:
    return str(full_year(m["year"])), "date"


def year(m: re.Match[str], ctx: Context) -> Resolved:
    return m["year"], "date"


def relday(m: re.Match[str], ctx: Context) -> Resolved:
    word = re.sub(r"\s+", " ", m["rd"].lower())
    step = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}.get(word, -2 if "before" in word else 2)
    pod = PARTS_OF_DAY.get((group(m, "pod") or "").lower()) or ("NI" if word == "tonight" else None)
    day = iso_day(ctx.anchor + timedelta(days=step)) if ctx.anchor else "XXXX-XX-XX"
    return (f"{day}T{pod}", "time") if pod else (day, "date")


def pod(m: re.Match[str], ctx: Context) -> Resolved:
    rel = re.sub(r"\s+", " ", (group(m, "rel") or "").lower())
    code = PARTS_OF_DAY[m["pod"].lower()]
    if rel in ("the next", "the following"):
        ref = ctx.reference(m.start())
        base = ref + timedelta(days=1) if ref else None
    elif rel in ("that", "the same", ""):
        base = ctx.reference(m.start())
    else:
        base = ctx.anchor - timedelta(days=1) if ctx.anchor and rel == "last" else ctx.anchor
    return f"{iso_day(base) if base else 'XXXX-XX-XX'}T{code}", "time"


def anaphor(m: re.Match[str], ctx: Context) -> Resolved:
    phrase = re.sub(r"\s+", " ", m["ana"].lower())
    ref = ctx.reference(m.start())
    sign = (
        -1
        if any(w in phrase for w in ("previous", "preceding", "before"))
        else 0
        if "same" in phrase or "that" in phrase
        else 1
    )
    unit = phrase.rsplit(" ", 1)[-1] if not phrase.startswith("the day") else "day"
    if unit not in ("day", "week", "month", "year"):
        unit = "day"
    if ref is None:
        return {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX"}[unit], "date"
    return shift(ref, unit, sign), "date"


def relunit(m: re.Match[str], ctx: Context) -> Resolved:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = re.sub(r"\s+", " ", m["unit"].lower())
    unit = "year" if "year" in unit else unit
    if unit == "season":
        return None
    if unit in ("decade", "century") and rel in ("the past", "the last", "the next", "the coming", "the following"):
        return ("P10Y" if unit == "decade" else "P100Y"), "duration"  # "over the next decade": a span of time
    a = ctx.anchor
    if unit == "quarter" and rel in ("the", "the latest", "the most recent") and a is not None:
        return _latest_quarter(a), "date"
    if rel in ("that", "the same"):
        a = ctx.reference(m.start())
    if a is None:
        return {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "quarter": "XXXX-QX"}.get(
            unit, "XXXX" if unit == "year" else "XXX" if unit == "decade" else "XX"
        ), "date"
    word = rel.split()[-1]
    step = -1 if word in ("last", "past", "previous") else 1 if word in ("next", "coming", "following") else 0
    if unit == "weekend":
        direction = cal.PAST if step < 0 else cal.FUTURE if step > 0 else ctx.tense(m)
        return f"{cal.iso_week(cal.weekend_of(a, direction))}-WE", "date"
    return shift(a, unit, step), "date"


def year_tail(m: re.Match[str], ctx: Context) -> Resolved:
    """The "58" of "1957-58": the second year of a range, in the first one's century."""
    first = ctx.text[m.start() - 5 : m.start() - 1]
    value = int(first[:2] + m["yy"])
    return (str(value), "date") if value > int(first) else None


RESOLVERS: dict[str, Callable[[re.Match[str], Context], Resolved]] = {
    "iso": iso, "slash": slash, "month_day": month_day, "day_month": month_day, "month_year": month_year,
    "month_rel_year": month_rel_year, "month": month, "weekday": weekday, "weekdays": weekdays, "decade": decade,
    "century": century, "season": season, "quarter": quarter, "qcode": qcode, "fiscal": fiscal, "year": year,
    "year_tail": year_tail, "decade_word": decade_word, "year_part": year_part, "holiday": holiday,
    "spoken_year": spoken_year, "relday": relday, "pod": pod, "anaphor": anaphor,
    "relunit": relunit, "duration": duration, "half": half, "plural": plural, "set": set_, "setword": setword,
    "clock": clock, "reference": reference,
}  # fmt: skip
