"""A content farm's rewriter, by general transformations (benchmarks/rewrites.py builds its copies with it).

What a language model asked to "rewrite this article in your own words" does to news copy, reduced to
rules that need no model and can be written down:

- **clauses reordered within a sentence**: a leading attribution moved to the end ("Officials said on
  Monday that the bridge would reopen." -> "The bridge would reopen, officials said on Monday.") and a
  trailing one to the front, a fronted subordinate or time clause moved after the main clause ("After
  the vote, the senator left." -> "The senator left after the vote.") and a trailing one to the front,
  and the two halves of ", and" / ", but" swapped where both have a subject of their own;
- **sentences split** at a semicolon or a clause-joining ", and" / ", but" / ", while" (long ones),
  and **short adjacent sentences merged** with ", and";
- **words replaced** from benchmarks/synonyms.tsv (the spinner's table of benchmarks/copies.py, not the
  detector's data) at a high rate, outside quotes; number words become digits half the time;
- **a new headline**: the old one fully spun, or the lead's opening words when there was none.

Quotes are never edited, split or swapped with each other; sentences stay in their order, so names,
numbers and quotes keep their order up to the moves inside one sentence. A cut copy keeps the rewrite's
first 800-2,000 characters, to a sentence end, as crawlers keep page openings.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

import copies as copy_bench

_ABBREVIATED = (  # words a dot ends without ending the sentence
    "mr mrs ms dr gov sen rep st jr sr gen col lt sgt capt prof rev no vs jan feb mar apr aug sep sept oct nov "
    "dec ariz calif colo conn fla ill kan mass mich minn nev okla penn tenn tex va wash wis inc corp co ltd"
)
ABBREVIATIONS = frozenset(_ABBREVIATED.split())
_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘(]?[A-Z0-9])")
_QUOTE = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)")
VERBS = (
    r"said|says|told reporters|told [A-Z][\w.]*(?: [A-Z][\w.]*)*|announced|added|stated|wrote|argued|warned|"
    r"noted|insisted|confirmed|claimed|explained|acknowledged|reported"
)
DAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
WHEN = (
    rf"(?: on (?:{DAY})| (?:on )?(?:{DAY})(?: night| morning)?| last week| this week| in a statement"
    r"| in an interview| on Twitter| late \w+| earlier)?"
)
LEADING_SAID = re.compile(
    rf"^(?P<who>[^,;:]{{2,70}}?) (?P<verb>{VERBS})(?P<when>{WHEN})(?: that)? (?P<rest>.{{20,}}?)(?P<end>[.!?])$"
)
TRAILING_SAID = re.compile(
    rf"^(?P<rest>.{{20,}}), (?P<who>[^,;:]{{2,70}}?) (?P<verb>{VERBS})(?P<when>{WHEN})(?P<end>[.!?])$"
)
SUBORDINATORS = (
    "After|When|Although|While|Because|If|As|Since|Before|Though|Once|Until|Unless|Despite"
    "|On|In|At|During|Earlier|Last|Later|With"
)
QUOTE_SAID = re.compile(
    rf"^(?P<quote>[“\"][^“”\"]{{10,}}[,?!][”\"]) (?P<who>[^,;:“”\"]{{2,60}}?) (?P<verb>{VERBS}|replied|continued|asked)"
    r"(?P<tail>[^“”\"]*?)(?P<end>[.!?])$"
)
SAID_WHO = re.compile(r"^(?P<quote>[“\"][^“”\"]{10,}[,?!][”\"]) said (?P<who>[^“”\"]{2,90}?)(?P<end>[.!?])$")
FRONTED = re.compile(rf"^(?P<conj>{SUBORDINATORS}) (?P<sub>[^,]{{3,90}}), (?P<main>[^,]{{15,}}.*?)(?P<end>[.!?])$")
TRAILING_SUB = re.compile(
    r"^(?P<main>[^,]{20,}?) (?P<conj>because|after|before|when|while|although|since|once|until|unless) "
    r"(?P<sub>[^,]{15,}?)(?P<end>[.!?])$"
)
TRAILING_PP = re.compile(
    r"^(?P<main>[^,]{25,}?) (?P<pp>(?:on|in|at|during|last|this|earlier|later) (?:the )?[\w'’.-]+(?: [\w'’.-]+){0,2})"
    r"(?P<end>[.!?])$"
)
_JOIN = re.compile(r"(?:; |, (?P<conj>and|but|while) )")
SUBJECT = re.compile(
    r"^(?:the|a|an|he|she|they|it|we|i|this|that|these|those|his|her|their|its|some|many|most|several|police|"
    r"officials|[A-Z][\w'’.-]*)\b"
)
MERGE_MAX_WORDS = 14
SPLIT_MIN_WORDS = 25
REORDER_RATE = 0.9  # of the sentences where a move applies
SWAP_RATE = 0.85  # of the words the spinner may touch (outside quotes, in the table)


@dataclass
class Counts:
    """What was done, for the benchmark's table."""

    sentences: int = 0
    reordered: int = 0
    split: int = 0
    merged: int = 0
    swapped: int = 0
    words: int = 0
    moves: dict[str, int] = field(default_factory=dict)


def sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences (ends before a capital or digit, not after an abbreviation or initial)."""
    out: list[str] = []
    start = 0
    for match in _END.finditer(paragraph):
        before = paragraph[start : match.start() + 1].split()
        word = before[-1].lstrip('"“‘(') if before else ""
        bare = word.rstrip(".").lower()
        if word.endswith(".") and (bare in ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)+", word)):
            continue
        if _inside_quote(paragraph, match.start()):
            continue
        out.append(paragraph[start : match.end()].strip())
        start = match.end()
    if paragraph[start:].strip():
        out.append(paragraph[start:].strip())
    return out


def _inside_quote(text: str, at: int) -> bool:
    return any(m.start() < at < m.end() - 1 for m in _QUOTE.finditer(text))


def _quotes(text: str) -> int:
    return len(_QUOTE.findall(text))


def _lower_first(text: str, names: set[str]) -> str:
    """The clause's first letter in lower case, unless it starts with a name or an acronym."""
    first = re.match(r"[\w'’-]+", text)
    if not first:
        return text
    word = first.group(0)
    rest = text[first.end() :]
    if word in names or word.isupper() or word == "I" or re.match(r"\s+[A-Z]", rest):
        return text
    return word[:1].lower() + word[1:] + rest


def _upper_first(text: str) -> str:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text


def reorder(sentence: str, names: set[str], rng: random.Random) -> tuple[str, str | None]:
    """The sentence with one clause moved (or two halves swapped), and the name of the move; unchanged
    and None when no move applies safely: never cutting inside a quote, never swapping two quotes."""
    moves: list[tuple[str, str]] = []

    def offer(name: str, parts: tuple[str, ...], text: str, cuts: tuple[int, ...]) -> None:
        if sum(_quotes(p) > 0 for p in parts) <= 1 and not any(_inside_quote(sentence, at) for at in cuts):
            moves.append((name, text))

    if (m := LEADING_SAID.match(sentence)) and len(m["who"].split()) <= 7:
        text = f"{_upper_first(m['rest'])}, {_lower_first(m['who'], names)} {m['verb']}{m['when']}{m['end']}"
        offer("attribution to the end", (m["who"], m["rest"]), text, (m.start("rest"),))
    if (m := TRAILING_SAID.match(sentence)) and len(m["who"].split()) <= 7:
        rest = m["rest"]
        if re.fullmatch(r"[“\"][^“”\"]+,?[”\"]", rest):
            quote = re.sub(r",([”\"])$", r".\1", rest)
            text = f"{_upper_first(m['who'])} {m['verb']}{m['when']}: {quote}"
            offer("attribution before the quote", (rest, m["who"]), text, (m.end("rest"),))
        elif not rest.endswith(("”", '"')):
            text = f"{_upper_first(m['who'])} {m['verb']}{m['when']} that {_lower_first(rest, names)}{m['end']}"
            offer("attribution to the front", (rest, m["who"]), text, (m.end("rest"),))
    if (m := QUOTE_SAID.match(sentence)) and len(m["who"].split()) <= 7:
        quote = re.sub(r",([”\"])$", r".\1", m["quote"])
        text = f"{_upper_first(m['who'])} {m['verb']}{m['tail']}: {quote}"
        offer("attribution before the quote", (m["quote"],), text, ())
    if m := SAID_WHO.match(sentence):
        quote = re.sub(r",([”\"])$", r".\1", m["quote"])
        offer("attribution before the quote", (m["quote"],), f"{_upper_first(m['who'])} said: {quote}", ())
    if m := FRONTED.match(sentence):
        text = f"{_upper_first(m['main'])} {m['conj'].lower()} {m['sub']}{m['end']}"
        offer("fronted clause to the end", (m["sub"], m["main"]), text, (m.end("sub"),))
    if m := TRAILING_SUB.match(sentence):
        text = f"{_upper_first(m['conj'])} {m['sub']}, {_lower_first(m['main'], names)}{m['end']}"
        offer("trailing clause to the front", (m["main"], m["sub"]), text, (m.start("conj"),))
    if m := TRAILING_PP.match(sentence):
        text = f"{_upper_first(m['pp'])}, {_lower_first(m['main'], names)}{m['end']}"
        offer("trailing phrase to the front", (m["main"], m["pp"]), text, (m.start("pp"),))
    joins = list(re.finditer(r", (and|but) ", sentence))
    if len(joins) == 1:
        j = joins[0]
        a, b = sentence[: j.start()], sentence[j.end() :].rstrip(".!?")
        end = sentence[len(sentence.rstrip(".!?")) :] or "."
        if len(a.split()) >= 5 and len(b.split()) >= 5 and SUBJECT.match(b) and "," not in b:
            text = f"{_upper_first(b)}, {j[1]} {_lower_first(a, names)}{end}"
            offer(f"halves of ', {j[1]}' swapped", (a, b), text, (j.start(),))
    if not moves:
        return sentence, None
    name, text = rng.choice(moves)
    return text, name


def split(sentence: str, names: set[str]) -> list[str]:
    """A long sentence cut in two at a semicolon or a clause-joining conjunction (outside quotes)."""
    if len(sentence.split()) < SPLIT_MIN_WORDS:
        return [sentence]
    for match in _JOIN.finditer(sentence):
        if _inside_quote(sentence, match.start()):
            continue
        a, b = sentence[: match.start()], sentence[match.end() :]
        if len(a.split()) < 8 or len(b.split()) < 8 or not SUBJECT.match(b):
            continue
        conj = match["conj"]
        if conj == "but":
            b = "But " + _lower_first(b, names)
        elif conj == "while":
            b = "Meanwhile, " + _lower_first(b, names)
        return [a.rstrip(",") + ".", _upper_first(b)]
    return [sentence]


def merge(a: str, b: str, names: set[str]) -> str | None:
    """Two short sentences joined with ", and" (none with a quote)."""
    if _quotes(a) or _quotes(b) or len(a.split()) + len(b.split()) > 2 * MERGE_MAX_WORDS:
        return None
    if len(a.split()) > MERGE_MAX_WORDS or len(b.split()) > MERGE_MAX_WORDS or a[-1:] != "." or b[-1:] != ".":
        return None
    return f"{a[:-1]}, and {_lower_first(b, names)}"


def name_words(paragraphs: list[str]) -> set[str]:
    """Words capitalized inside a sentence somewhere: names, which keep their capital wherever they move."""
    found: set[str] = set()
    for paragraph in paragraphs:
        for sentence in sentences(paragraph):
            found.update(w.strip('"“”‘’(),.;:') for w in sentence.split()[1:] if w[:1].isupper())
    return found


def rewrite(
    title: str | None, paragraphs: list[str], table: dict[str, list[str]], rng: random.Random, counts: Counts
) -> tuple[str, list[str]]:
    """(new headline, rewritten paragraphs)."""
    names = name_words(paragraphs)
    out: list[str] = []
    for paragraph in paragraphs:
        done: list[str] = []
        for sentence in sentences(paragraph):
            counts.sentences += 1
            moved, move = reorder(sentence, names, rng) if rng.random() < REORDER_RATE else (sentence, None)
            if move:
                counts.reordered += 1
                counts.moves[move] = counts.moves.get(move, 0) + 1
            parts = split(moved, names)
            counts.split += len(parts) > 1
            for part in parts:
                if done and (joined := merge(done[-1], part, names)) and rng.random() < 0.7:
                    done[-1] = joined
                    counts.merged += 1
                else:
                    done.append(part)
        out.append(" ".join(done))
    candidates = copy_bench.spin_candidates(out, table, rng)
    chosen = rng.sample(candidates, round(SWAP_RATE * len(candidates)))
    for n, start, end, new in sorted(chosen, key=lambda c: (c[0], -c[1])):
        out[n] = out[n][:start] + new + out[n][end:]
    counts.swapped += len(chosen)
    counts.words += sum(len(p.split()) for p in out)
    if title:  # in sentence case, so that the spinner reaches its words too
        cased = " ".join(w if n == 0 or w in names or w.isupper() else w.lower() for n, w in enumerate(title.split()))
        headline = copy_bench.spin([cased], len(title.split()), table, rng)[0][0]
    else:
        lead = sentences(out[0])[0] if out else ""
        headline = " ".join(lead.rstrip(".!?").split()[: rng.randint(8, 12)])
    return headline, _reparagraph(out, rng)


def _reparagraph(paragraphs: list[str], rng: random.Random) -> list[str]:
    """Some short neighbouring paragraphs joined, as a rewriter lays text out anew."""
    out: list[str] = []
    for paragraph in paragraphs:
        if out and len(out[-1]) + len(paragraph) < 500 and rng.random() < 0.3:
            out[-1] = f"{out[-1]} {paragraph}"
        else:
            out.append(paragraph)
    return out


def cut(paragraphs: list[str], rng: random.Random) -> list[str] | None:
    """The opening a crawler keeps: the first 800-2,000 characters, to a sentence end; None when the text
    is not longer than that (its cut would be the whole)."""
    limit = rng.randint(800, 2000)
    if sum(len(p) + 2 for p in paragraphs) <= limit + 200:
        return None
    kept: list[str] = []
    size = 0
    for paragraph in paragraphs:
        taken: list[str] = []
        for sentence in sentences(paragraph):
            if size + len(sentence) + 1 > limit:
                break
            taken.append(sentence)
            size += len(sentence) + 1
        else:
            kept.append(" ".join(taken))
            size += 1
            continue
        if taken:
            kept.append(" ".join(taken))
        break
    return kept or None
