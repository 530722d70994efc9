"""The grammar of temporal expressions: word tables and the regex rules built from them.

Finding a temporal expression is a matter of shape ("June 1", "two years ago", "every
Monday"), so it is done with readable regular expressions rather than a model: fast
enough to run on every article, and every decision can be traced to one rule. The words
(months, numbers, units) live in `data/dates/lexicon.tsv`; this module only arranges
them. Month and weekday names are matched case-sensitively: "march" and "may" in
lower case are verbs, and a capital letter is the cheapest evidence of a date.
"""

from __future__ import annotations

import re
from functools import cache

from storyline import data


@cache
def lexicon() -> dict[str, dict[str, str]]:
    """kind -> word -> value, read once per process."""
    table: dict[str, dict[str, str]] = {}
    for kind, word, value in data.rows("dates", "lexicon.tsv"):
        table.setdefault(kind, {})[word] = value
    return table


def _alt(words: list[str] | dict[str, str], case_sensitive: bool = False) -> str:
    """An alternation, longest first so that "a couple of" wins over "a"."""
    items = sorted(words, key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)
    return f"(?-i:{body})" if case_sensitive else f"(?:{body})"


def _tens_compounds() -> list[str]:
    """ "twenty-five", "thirty one": the number words the table does not list one by one."""
    tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    units = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    return [f"{t}{sep}{u}" for t in tens for u in units for sep in ("-", " ")]


@cache
def number_words() -> dict[str, int]:
    """Every spelled-out count the rules accept, with its value."""
    table = {w: int(v) for w, v in lexicon()["number"].items()}
    base = {w: int(v) for w, v in table.items()}
    for compound in _tens_compounds():
        sep = "-" if "-" in compound else " "
        tens, unit = compound.split(sep)
        table[compound] = base[tens] + base[unit]
    return table


@cache
def rules() -> list[tuple[str, re.Pattern[str]]]:
    """(rule name, pattern), each with named groups the resolver reads."""
    lex = lexicon()
    month = _alt(list(lex["month"]), case_sensitive=True)
    month_abbr = _alt(list(lex["month_abbr"]), case_sensitive=True)
    weekday = _alt(list(lex["weekday"]), case_sensitive=True)
    tens = "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    simple = _alt([w for w in lexicon()["number"] if not re.fullmatch(tens, w)])
    num_word = rf"(?:{tens}(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine)\b)?|{simple})"
    vague = _alt(list(lex["vague_number"]))
    num = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\s+1/2|½|\.\d+)?|{num_word})"
    unit = r"(?:second|minute|hour|day|week(?:end)?|fortnight|month|year|decade|centur(?:y|ie)|quarter|night)"
    pod = r"(?:morning|afternoon|evening|night|overnight)"
    season = _alt(list(lex["season"]))
    ordinal = _alt(list(lex["ordinal"]))
    holidays = _alt(list(lex["holiday"]), case_sensitive=True)
    day = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:1[0-9]|20)\d\d)"
    pre = (
        r"(?:(?P<mod>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of"
        r"|the\s+first\s+half\s+of|the\s+second\s+half\s+of|the\s+rest\s+of|the\s+remainder\s+of)"
        r"(?:-|\s+))?"
    )
    rel = (
        r"(?P<rel>last|next|this|coming|past|this\s+past|the\s+coming|the\s+past|the\s+last|the\s+next"
        r"|the\s+previous|the\s+following|the\s+same|the\s+current|that|the|earlier\s+this|later\s+this"
        r"|early\s+this|late\s+this|early\s+last|late\s+last|early\s+next|late\s+next|earlier\s+last|later\s+next)"
    )
    tz = (
        r"(?:\s*\(?(?:GMT|UTC|BST|CET|CEST|EST|EDT|ET|PST|PDT|PT|CST|CDT|MSK|EEST|local\s+time|Kyiv\s+time"
        r"|Moscow\s+time)\)?)"
    )
    table = [
        ("iso", rf"\b{year}-(?P<month>[01]\d)-(?P<dd>[0-3]\d)(?:T(?P<hour>[0-2]\d):(?P<minute>[0-5]\d)(?::\d\d)?)?\b"),
        ("slash", r"\b(?P<month>1[0-2]|0?[1-9])/(?P<dd>3[01]|[12]\d|0?[1-9])/(?P<year>\d{4}|\d{2})\b"),
        (
            "month_day",
            rf"\b(?:(?P<wd>{weekday}),?\s+)?(?:the\s+)?(?P<mon>{month}|{month_abbr})\.?\s+{day}\b(?!\s*(?:%|percent|[-–]\d))(?:,?\s+{year}\b)?",
        ),
        (
            "day_month",
            rf"\b(?:(?P<wd>{weekday}),?\s+)?(?:the\s+)?{day}(?:\s+of)?\s+(?P<mon>{month}|{month_abbr})\b(?:\.(?=,?\s*\d))?(?:,?\s+{year}\b)?",
        ),
        ("month_year", rf"\b{pre}(?P<mon>{month}|{month_abbr})\.?,?\s+(?:of\s+)?{year}\b"),
        ("month_rel_year", rf"\b{pre}(?P<mon>{month})\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year\b"),
        ("month", rf"\b(?:{rel}\s+|{pre})?(?P<mon>{month})\b(?!\s+\d)"),
        (
            "weekday",
            rf"\b(?:(?P<rel>last|next|this|coming|this\s+past|this\s+coming|past)\s+|(?P<mod>early|late|earlier|later)(?:\s+on)?\s+)?"
            rf"(?P<wd>{weekday})(?:['’]s)?(?:\s+(?P<pod>{pod}))?\b",
        ),
        ("weekdays", rf"\b(?:on\s+)?(?P<wd>{weekday})s\b"),
        ("decade", rf"\b(?:the\s+)?{pre}(?:(?P<dec>(?:1[0-9]|20)\d)0|['’](?P<dec2>\d)0)['’]?s\b"),
        (
            "decade_word",
            rf"\bthe\s+{pre}(?:nineteen[-\s]+)?(?P<decw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b",
        ),
        (
            "year_part",
            r"\b(?:around\s+)?(?P<part>year[-\s]end|year['’]s\s+end|the\s+end\s+of\s+the\s+year"
            r"|the\s+(?:full|whole|entire)\s+year|the\s+(?:latest|most\s+recent)\s+(?:period|quarter)"
            r"|(?P<ago>year[-\s](?:earlier|ago)))\b",
        ),
        ("century", rf"\b(?:the\s+)?{pre}(?P<ord>{ordinal}|\d{{1,2}}(?:st|nd|rd|th))[-\s]+century\b"),
        (
            "season",
            rf"\b{pre}(?:(?P<rel>this|last|next|the\s+coming|the\s+past|this\s+past)\s+)?(?P<season>{season})(?:\s+(?:of\s+)?{year})?\b",
        ),
        (
            "quarter",
            rf"\b(?:(?:the|this|last|next)\s+)?(?:(?P<year0>(?:19|20)\d\d)\s+|(?P<yrel0>this|last|next)\s+year['’]s\s+)?"
            rf"(?P<ord>first|second|third|fourth|final|last|latest|1st|2nd|3rd|4th)[-\s]+(?P<qunit>quarter|half)\b"
            rf"(?:\s+of\s+(?:{year}|(?P<yrel>this|last|next|the)\s+year)|\s+(?P<year2>(?:19|20)\d\d)\b)?",
        ),
        ("qcode", rf"\b(?:Q(?P<q>[1-4])|(?P<h>[12])H|H(?P<h2>[12]))(?:\s+{year})?\b"),
        ("fiscal", r"\b(?:fiscal(?:\s+year)?|FY)\s*['’]?(?P<year>(?:19|20)?\d\d)\b"),
        ("year", rf"\b{pre}(?:the\s+year\s+)?{year}\b(?![-–/]\d(?!\d(?:\d\d)?\b)|\.\d|,\d|\s*%)"),
        ("year_tail", r"(?<=\b(?:1[0-9]|20)\d\d[-–])(?P<yy>\d\d)\b(?![-–/.,]\d)"),
        (
            "holiday",
            rf"\b(?:(?P<rel>last|next|this)\s+)?(?P<hol>{holidays})(?:,?\s+{year})?\b",
        ),
        (
            "spoken_year",
            rf"\b(?P<cent>nineteen|two\s+thousand(?:\s+and)?)\s+(?P<rest>{tens}(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine)\b)?"
            rf"|{_alt(list(lex['number'])[:19])}|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b",
        ),
        (
            "relday",
            rf"\b(?P<rd>today|yesterday|tomorrow|tonight|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)(?:['’]s)?(?:\s+(?P<pod>{pod}))?\b",
        ),
        (
            "pod",
            rf"\b(?:(?P<rel>this|last|that|the\s+same|the\s+next|the\s+following|early\s+this|late\s+this|earlier\s+this"
            rf"|later\s+this)\s+|(?P<mid>mid)[-\s]?)(?P<pod>{pod})\b",
        ),
        (
            "anaphor",
            r"\b(?P<ana>the\s+(?:next|following|previous|preceding)\s+day|the\s+day\s+(?:before|after)|(?:that\s+|the\s+)?same\s+day|that\s+day"
            r"|the\s+(?:next|following|previous|preceding)\s+(?:week|month|year))\b",
        ),
        (
            "relunit",
            rf"\b{pre}{rel}\s+(?P<unit>week(?:end)?|month|year|quarter|decade|century|fiscal\s+year|financial\s+year|season)\b"
            r"(?![-–])",
        ),
        (
            "duration",
            rf"\b(?P<lead>(?:the|a|an)\s+(?:past|last|next|first|previous|coming|following|final|remaining|same|entire|whole|full|mere)\s+|the\s+|another\s+|almost\s+|nearly\s+|more\s+than\s+|over\s+)?"
            rf"(?P<num>{num}|{vague})(?P<sep>[-\s]+)(?:(?:more|additional|extra|straight|consecutive|trading|business"
            rf"|working|calendar|full)\s+)?(?P<unit>{unit})(?P<pl>s)?(?:['’](?=\s))?"
            rf"(?:(?P<more>[-\s]+and[-\s]+(?:a[-\s]+)?half)|[-\s]+(?P<post>ago|earlier|later|before|after|from\s+now|old|long|in\s+the\s+making|running))?\b",
        ),
        ("half", rf"\b(?:half\s+an?\s+(?P<unit>{unit})|(?P<num>{num})\s+and\s+a\s+half\s+(?P<unit2>{unit})s)\b"),
        (
            "plural",
            r"\b(?P<lead>(?:for|in|over|within|of)\s+(?:the\s+)?(?:past\s+|last\s+|next\s+|coming\s+|recent\s+)?|(?:the\s+)?(?:past|coming|recent|next|last)\s+)"
            r"(?P<unit>minutes|hours|days|weeks|months|years|decades|centuries)\b"
            r"|\b(?P<unit2>minutes|hours|days|weeks|months|years|decades)(?=\s+(?:before|after|later|earlier|ago)\b)",
        ),
        (
            "set",
            rf"\b(?:(?:every|each|per)\s+(?:other\s+)?(?P<what>{unit}|{weekday}|{pod}|{season}|season)"
            rf"|(?P<times>once|twice|three\s+times|four\s+times|\d+\s+times)\s+(?:a|an|per|every|each)\s+(?P<what2>{unit}))\b",
        ),
        ("setword", rf"\b(?P<sw>{_alt(list(lex['set_adverb']))})\b"),
        (
            "clock",
            rf"\b(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)(?![a-z]){tz}?"
            rf"|\b(?P<hour2>[01]?\d|2[0-3]):(?P<minute2>[0-5]\d)(?![:\d]){tz}?(?:\s+(?:hours|hrs|h)\b)?"
            rf"|\(?\b(?P<hour3>[01]\d|2[0-3])(?P<minute3>[0-5]\d)\s*(?:GMT|UTC|GMT\b|hours|hrs)\)?"
            r"|\b(?P<word>noon|midday|midnight)\b",
        ),
        ("reference", rf"\b(?P<ref>{_alt(list(lex['reference']))})\b"),
    ]
    return [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in table]


# Every match of a rule holds one of its gate words, so a rule runs only on windows of text around them: the
# long alternations are not tried at every position, and the whole scan stays within a few milliseconds.
_UNITS = r"(?i:second|minute|hour|day|week|fortnight|month|year|decade|centur|quarter|night)"
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_WEEKDAYS = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_GATE_TABLE = {
    "iso": r"\d{4}-",
    "slash": r"\d/\d",
    "month_day": _MONTHS,
    "day_month": _MONTHS,
    "month_year": _MONTHS,
    "month_rel_year": _MONTHS,
    "month": _MONTHS,
    "weekday": _WEEKDAYS,
    "weekdays": _WEEKDAYS,
    "decade": r"\d0['’]?s",
    "century": r"(?i:century)",
    "season": r"(?i:spring|summer|autumn|fall|winter)",
    "quarter": r"(?i:quarter|half)",
    "qcode": r"Q[1-4]|[12]H|H[12]",
    "fiscal": r"(?i:fiscal|FY)",
    "year": r"\d{4}",
    "year_tail": r"\d{4}[-–]\d\d",
    "holiday": r"Christmas|Year|Day|Halloween|Thanksgiving",
    "spoken_year": r"(?i:nineteen|thousand)",
    "relday": r"(?i:today|yesterday|tomorrow|tonight)",
    "decade_word": r"(?i:ties\b)",
    "year_part": r"(?i:year|period|quarter)",
    "pod": r"(?i:morning|afternoon|evening|night)",
    "anaphor": r"(?i:day|week|month|year)",
    "relunit": _UNITS + r"|(?i:season)",
    "duration": _UNITS,
    "half": _UNITS,
    "plural": _UNITS,
    "set": r"(?i:every|each|per|once|twice|times)",
    "setword": r"(?i:ly)\b",
    "clock": r"\d|(?i:noon|midday|midnight)",
    "reference": r"(?i:now|current|present|recent|past|future|time|days|moment)",
}
GATES = {name: re.compile(pattern) for name, pattern in _GATE_TABLE.items()}
GATE_BEFORE, GATE_AFTER = 70, 40
