"""Calendar words inside names: the titles of papers and programmes are not dates.

"the Weekly Standard" is not a duration, ABC's "This Week" is not a week, "Monday Night
Football" is not a Monday night. What gives a name away is printing: a calendar noun
("week", "daily", "tonight") is lower case in running text, so a capital inside a
sentence, beside another capitalised word, makes it part of a name; a short capitalised
phrase in quotation marks is a title; a weekday followed by a paper's head word ("Sunday
Times") is a paper. Weekdays and months are always capitalised, so only the quotes and the
head words tell there ("Meet the Press on Sunday" keeps its Sunday). Headlines in title
case capitalise everything, so there the capitals say nothing.
"""

from __future__ import annotations

import re
from functools import cache

from storyline import data
from storyline.analyze.dates.patterns import lexicon

# Rules whose words carry no capital of their own to read (digits), are names themselves (holidays), or are
# capitalised by some copy as a habit ("the 20th Century", "the Sixties"); a bare month is checked on its own
# (`_bare_month_ok`).
_NAMELESS = frozenset(
    {"iso", "slash", "year", "year_tail", "decade", "qcode", "fiscal", "clock", "holiday", "month", "century"}
    | {"decade_word"}
)
_SENTENCE_OPENERS = ".!?:;\n—–-…"
_NEXT_WORD = re.compile(r"[ \t]+(?:of[ \t]+)?([A-Z][a-z]+|[A-Z]{2,})\b")
_PREV_WORD = re.compile(r"(?:^|[\s(\"“‘`'])([A-Z][a-z]+|[A-Z]{2,})(?:['’]s)?[ \t]+$")
_HEAD_AFTER = re.compile(r"[ \t]+([A-Z][a-z]+)\b(?:[ \t]+([A-Z][a-z]+)\b)?")
_OPEN_QUOTE = re.compile(r"(?:\"|“|``|'')([^\"“”`'\n]{0,60})$")
_CLOSE_QUOTE = re.compile(r"^([^\"“”`'\n]{0,60}?)[,.]?(?:\"|”|'')")
_TITLE_SMALL = frozenset({"the", "of", "and", "with", "on", "in", "a", "at", "for", "to"})


@cache
def _calendar_nouns() -> frozenset[str]:
    """The calendar words printed in lower case in running text ("week", "weekly", "morning", "today"):
    capitalised inside a sentence, beside another capitalised word, they are part of a name."""
    lex = lexicon()
    words = {w for kind in ("unit", "part_of_day", "season", "set_adverb") for w in lex[kind]}
    return frozenset(words | {"today", "tonight", "tomorrow", "yesterday", "weekday"})


@cache
def _name_heads() -> frozenset[str]:
    """`data/dates/name_heads.txt`: the words that make a weekday before them a name ("Sunday Times")."""
    return frozenset(data.lines("dates", "name_heads.txt"))


def _is_calendar_noun(word: str) -> bool:
    low = word.lower()
    return low in _calendar_nouns() or (low.endswith("s") and low[:-1] in _calendar_nouns())


def _sentence_initial(text: str, pos: int) -> bool:
    """Nothing but spaces between `pos` and the start of its sentence, or of a quotation or bracket."""
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i >= 0 and (text[i] in '"“‘(`' or (text[i] == "'" and (i == 0 or not text[i - 1].isalnum()))):
        return True  # a quotation or an aside opens here (the ` and '' of TimeBank's wire copy too)
    return i < 0 or text[i] in _SENTENCE_OPENERS


_SMALL_WORDS = frozenset({"with", "from", "into", "onto", "over", "than", "that", "upon", "after", "before", "amid"})


def _title_case(line: str) -> bool:
    """A headline printed in title case, where a capital says nothing of a name: every word of four
    letters or more capitalised but the small ones ("Russia and Ukraine to Meet in Istanbul This Week")."""
    words = [w for w in re.findall(r"\b[A-Za-z][a-z]{3,}\b", line) if w not in _SMALL_WORDS]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _quoted_title(text: str, start: int, end: int) -> bool:
    """Inside quotation marks around a short capitalised phrase: a programme's or a paper's title
    ("Fox News Sunday", “This Week,” ``Showbiz Tonight''), not a quotation of speech."""
    opened = _OPEN_QUOTE.search(text, max(0, start - 60), start)
    closed = _CLOSE_QUOTE.match(text[end : end + 61])
    if not opened or not closed:
        return False
    words = re.findall(r"[\w'’-]+", opened.group(1) + text[start:end] + closed.group(1))
    return 2 <= len(words) <= 7 and all(w[0].isupper() or w[0].isdigit() or w in _TITLE_SMALL for w in words)


def in_name(name: str, m: re.Match[str], text: str) -> bool:
    """A calendar word inside the name of a paper or a programme ("This Week", "the Weekly Standard",
    "Monday Night Football", "Daily Mail", "Fox News Sunday"): a quoted title, a calendar noun capitalised
    inside its sentence beside another capitalised word, a set adverb heading a capitalised name, a
    weekday before a name's head word ("Sunday Times"). Not in a title-case headline, where every word
    has a capital; not in capitals ("EVERY YEAR"), which are emphasis."""
    if name in _NAMELESS or m.group() == m.group().lower():
        return False  # a name needs a capital
    if name == "weekday" and not m["rel"] and not m["mod"]:
        head = _HEAD_AFTER.match(text, m.end())
        if head and _name_heads() & set(head.groups()):
            return True  # "the Sunday Times", "the Sunday Business Post", "Monday Night Football"
    return _name_shaped(m, text) and not _title_case(_line(text, m.start(), m.end()))


def _line(text: str, start: int, end: int) -> str:
    stop = text.find("\n", end)
    return text[text.rfind("\n", 0, start) + 1 : stop if stop >= 0 else len(text)]


def _name_shaped(m: re.Match[str], text: str) -> bool:
    """The capitals and quotes of a name, before asking whether the line is a title-case headline."""
    words = list(re.finditer(r"[A-Za-z]+", m.group()))
    for w in words:
        word, at = w.group(), m.start() + w.start()
        if not (word[0].isupper() and word[1:].islower() and _is_calendar_noun(word)):
            continue
        beside = _PREV_WORD.search(text, max(0, at - 30), at) or _NEXT_WORD.match(text, at + len(word))
        if beside and not _sentence_initial(text, at):
            return True
    if not words or not words[0].group()[0].isupper():
        return False
    if _quoted_title(text, m.start(), m.end()):
        return True
    first = words[0].group()
    # "Weekly Standard editor", "Daily Mail reporter" opening a sentence
    return bool(first.istitle() and first.lower() in lexicon()["set_adverb"] and _NEXT_WORD.match(text, m.end()))
