"""Name keys: one spelling for the many ways outlets print the same name.

A name reaches English news through a romanization (Cyrillic, Arabic, Turkish with its
diacritics), and each outlet follows its own style book: the Guardian prints "Zelenskyy",
the BBC "Zelensky", Reuters "Zelenskiy". Entities are found by exact lookups on keys (a
store of 100k entities cannot be scanned), so the spelling differences that never separate
two people must vanish in the key itself. Each rule below says which variation it absorbs;
rules are applied per word so that a first name and a surname are normalised alike.

The key is an identity of *names*, not of people: "Mark Kelly" and "Mark Kelley" get one key.
Deciding that two names are one person is the job of `storyline.corpus.entities`, which
adds the evidence (type, first name, story) that a key cannot hold.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import cache, lru_cache

from storyline import data

# Letters NFKD does not decompose into base + combining mark.
_SPECIAL = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE"}
    | {"œ": "oe", "Œ": "OE", "þ": "th", "ð": "d", "’": "'", "‘": "'", "`": "'", "ʼ": "'", "‐": "-", "–": "-"}
)
# Arabic article before a name: "Bashar al-Assad" and "Bashar Assad" are both house styles.
# Only a hyphenated or lower-case "al"/"el" is an article: "Al Gore" keeps his first name.
_ARTICLE = re.compile(r"(?:(?<=\s)|^)(?:[Aa]l|[Ee]l)-|(?<=\s)(?:al|el)\s+(?=\S)")
_POSSESSIVE = re.compile(r"'s?(?=\s|$)")
_NON_WORD = re.compile(r"[^a-z0-9]+")
# "-yy", "-iy", "-ij", "-ey", "-ei", "-y" endings are the same Cyrillic ending "-ий"/"-ей"/"-ый"
# in different systems (Zelenskyy, Zelenskiy, Sergey, Sergei, Dmitriy). Doubled letters are
# collapsed first, so "-ii" (Andrii) and "-yy" arrive here as "-i" and "-y".
_ENDING = re.compile(r"(?:iy|ij|ey|ei|ie|y)$")  # "-ie" too: Bettie/Betty
# "ibn" and "bin" are the same word ("son of") in two transcriptions.
_PARTICLES = {"ibn": "bin"}
# Name suffixes: part of the identity (father and son) but never the surname.
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def fold(text: str) -> str:
    """Diacritics and case folded: Erdoğan, Çırağan and Türkiye are printed both ways."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def word_key(word: str) -> str:
    """One folded word under the romanization rules (see the module docstring)."""
    if len(word) < 3 or not word.isalpha() or word in SUFFIXES:
        return word  # initials, "Xi", "Li": too short for any rule to be safe; "III" is a suffix
    w = word
    if w.startswith("ye") and len(w) > 4:
        w = "e" + w[2:]  # Yevgeny/Evgeny, Yermak/Ermak: Cyrillic "Е" at word start
    w = w.replace("kh", "h")  # Mikhail/Mihail, Kharkiv/Harkiv: "Х" as kh or h
    w = w.replace("tz", "ts")  # German-style "tz" for Cyrillic "Ц" (Kravtzov/Kravtsov)
    w = w.replace("ks", "x")  # Aleksandr/Alexandr: "кс" as ks or x
    w = w.replace("dh", "d")  # Gadhafi/Gaddafi: Arabic "ذ" as dh or d
    w = w.replace("q", "k")  # Qaddafi/Kaddafi, Iraq/Irak: "ق" as q or k
    if w.endswith("ff"):
        w = w[:-2] + "v"  # Witkoff/Witkov, Romanoff/Romanov: French-style "-off" for "-ов"
    w = re.sub(r"(.)\1+", r"\1", w)  # doubled letters: Zelenskyy, Gaddafi/Gadafi, Hussein/Husein
    w = w[0] + w[1:].replace("ij", "i").replace("iy", "i").replace("y", "i")  # Tymoshenko/Timoshenko
    w = re.sub(r"(.)\1+", r"\1", w)  # a new double from the line above (Kyiv -> kiiv -> kiv)
    if len(w) >= 4:
        w = _ENDING.sub("i", w)
    return w


@cache
def _table(name: str) -> dict[str, str]:
    """Variant -> canonical key, from a data table whose lines are "canonical<TAB>variant...".
    Keys are built with the word rules so the table need not list what the rules already unify."""
    table: dict[str, str] = {}
    for line in data.lines("entities", name):
        forms = [f for f in line.split("\t") if f.strip()]
        canonical = _words_key(forms[0])
        for form in forms:
            table[_words_key(form)] = canonical
    return table


def _words_key(name: str) -> str:
    text = _ARTICLE.sub("", name.translate(_SPECIAL).strip())
    text = fold(text)
    text = _POSSESSIVE.sub("", text).replace("'", "")  # "Witkoff's" -> "witkoff", "O'Brien" -> "obrien"
    words = [_PARTICLES.get(w, w) for w in _NON_WORD.split(text) if w]
    return " ".join(word_key(w) for w in words)


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The spelling-free key of a name: equal keys mean "the same name as printed by another
    outlet". Given names and places that differ by more than spelling (Mohammed/Muhammad,
    Kiev/Kyiv, Turkey/Türkiye) are unified through the tables in `data/entities/`."""
    key = _words_key(name)
    places = _table("places.tsv")
    if key in places:
        return places[key]
    given = _table("given_names.tsv")
    return " ".join(given.get(w, w) for w in key.split())


def split_key(key: str) -> tuple[tuple[str, ...], str]:
    """(given names, surname) of a person's key; suffixes (Jr) are skipped when finding the surname.
    A one-word key is a bare surname: no given names."""
    words = key.split()
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    if not words:
        return (), ""
    return tuple(words[:-1]), words[-1]


@cache
def _genders() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in data.lines("entities", "given_gender.tsv"):
        gender, names = line.split("\t", 1)
        for name in names.split():
            out.setdefault(name_key(name), gender)
    return out


def given_gender(key: str) -> str | None:
    """ "m", "f" or None from the first given name of a person's key ("bill clinton" -> "m")."""
    given, _ = split_key(key)
    return _genders().get(given[0]) if given else None


@cache
def _nicknames() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for row in data.rows("entities", "nicknames.tsv"):
        formal, *short = (name_key(f) for f in row)
        for s in short:
            out[s].add(formal)
    return {s: frozenset(f) for s, f in out.items()}


def given_equivalents(given: str) -> frozenset[str]:
    """The formal names a short given name stands for ("ted" -> edward, theodore), itself included."""
    return _nicknames().get(given, frozenset()) | {given}


def same_given(a: str, b: str) -> bool:
    """One given name, or a short form of the other ("Ted"/"Edward"), or an initial of it ("W"/"Walker")."""
    if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return True
    nick = _nicknames()
    return b in nick.get(a, ()) or a in nick.get(b, ())


def suffix_of(key: str) -> str:
    """The suffix of a person's key ("jr"), or "": "Donald Trump Jr." is not "Donald Trump". "Sr."
    is left out: the father is the one the plain name means ("W. Mark Felt Sr." is "Mark Felt")."""
    words = key.split()
    tail: list[str] = []
    while len(words) > 1 and words[-1] in SUFFIXES:
        word = words.pop()
        if word != "sr":
            tail.insert(0, word)
    return " ".join(tail)


@lru_cache(maxsize=1 << 16)
def sound_key(word: str) -> str:
    """A coarser key for fuzzy comparison only: Arabic "ق"/"ك"/"غ" come out as q, k or g
    (Qaddafi, Kadhafi, Gaddafi), and French-style "ou" stands for "u" (Moubarak)."""
    w = word.replace("ou", "u").replace("c", "k").replace("g", "k")
    return re.sub(r"(.)\1+", r"\1", w)


_OWNED = re.compile(r"^(?:the\s+)?(.+?)['’]s?\s+(.+)$", re.IGNORECASE)
_OF = re.compile(r"^(?:the\s+)?(.+)\s+of\s+(?:the\s+)?(.+)$", re.IGNORECASE)


@cache
def _countries() -> dict[str, str]:
    out: dict[str, str] = {}
    for row in data.rows("entities", "capitals.tsv"):
        country, capital = (name_key(f) for f in row[:2])
        out[country] = country
        out[capital] = country
    return out


def country_of(name: str) -> str | None:
    """The country key a country or capital name stands for ("Kyiv" -> "ukraine"): a capital
    is the news metonym for its government."""
    return _countries().get(name_key(name))


def descriptor_key(text: str) -> str | None:
    """ "<head>|<country>" for a body named by what it is and whose it is: "Security Service of
    Ukraine" and "Kyiv's security service" both give "securiti service|ukraine"."""
    owned = _OWNED.match(text.strip())
    if owned and country_of(owned.group(1)):
        owner, head = owned.group(1), owned.group(2)
    else:
        of = _OF.match(text.strip())
        if not of:
            return None
        head, owner = of.group(1), of.group(2)
    country = country_of(owner)
    return f"{name_key(head)}|{country}" if country and head.strip() else None
