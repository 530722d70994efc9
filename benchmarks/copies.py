"""Copy detection against a labelled copy set made from real articles, plus MRPC as a sentence-level reference.

    python benchmarks/copies.py              # 600 originals (300 BASIL + 300 Timeline17), ~3,600 articles
    python benchmarks/copies.py --quick      # 60 originals, for CI (under a minute)
    python benchmarks/copies.py --n 400      # another number of originals (a sixth of them BASIL events x 3)
    python benchmarks/copies.py --check      # exit 1 when a target below is missed

What is measured:

1. **Copy set.** Originals are real articles: every BASIL article of the events taken (3 outlets per
   event) and a fixed sample of Timeline17 articles (detokenized; a sampled article that shares over 30%
   of its 5-word shingles with one already taken is skipped, since it is a real copy, not a negative).
   Each original gets five copies, made with fixed seeds:
   - *exact*: the same text with other quote styles (curly/straight) and line breaks (hard-wrapped), and
     for half of them spaces before punctuation. A body equal after normalization is the same article
     (one id, two sightings); either that or a link of kind "exact" counts as detected;
   - *syndicated*: new headline, 1-3 paragraphs cut, a paragraph moved, a dateline/byline on top and
     "Reporting by"/copyright/newsletter lines below, one or two words edited (expected: near-duplicate);
   - *paraphrase 10/20/30%*: a spinning script swaps that share of the words outside quotes (what a
     spinner may touch; the share of all words is printed too) with entries of benchmarks/synonyms.tsv;
     names, numbers and quotes are kept, "two" -> "2" half the time, as article spinners do
     (expected: paraphrase).
   Negatives are the originals themselves: BASIL's three reports of one event, Timeline17 articles of
   one topic, and unrelated articles. Any link from an original is a false link.
2. **The real pipeline.** One JSONL stream, originals first (dated), copies after (dated a day later),
   into a fresh store: ingest, the analysis stage, then the corpus stage timed on its own (this is
   what `storyline.registry.update` runs). The `copies` and `sightings` tables are read back.
3. **Scores.** Per copy kind: recall (linked to its own original, any link kind) and whether the kind is
   the expected one; precision per copy kind and per link kind (false links from originals counted);
   false links between two reports of one BASIL event (must be 0). Targets: precision >= 0.98 at every
   kind, recall >= 0.95 for exact and syndicated, >= 0.9 for paraphrase at 20%.
4. **Calibration.** Shingle containment and skeleton similarity, computed as `corpus.copies.compare`
   does on features computed in-process, on true copies vs BASIL same-event pairs vs same-topic and
   unrelated pairs; threshold recommendations with their margins.
5. **MRPC** (sentence pairs, paraphrase or not): the best threshold on train of skeleton similarity and
   of word/5-shingle Jaccard, applied to test, as a reference for how much signal the skeleton carries.
6. **Speed** of the corpus stage (copies and story assignment) in articles/s.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import tempfile
import textwrap
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from rapidfuzz.distance import Indel  # noqa: E402

from labelled import data_dir  # noqa: E402
from storyline import registry  # noqa: E402
from storyline.analyze.signals.features import Features, compute, skeleton  # noqa: E402
from storyline.corpus import copies as copies_module  # noqa: E402
from storyline.corpus.copies import compare, containment, jaccard  # noqa: E402
from storyline.corpus.stages import stories as stories_stage  # noqa: E402
from storyline.ingest.item import Item  # noqa: E402
from storyline.ingest.parse import parse_item  # noqa: E402
from storyline.ingest.pipeline import ingest  # noqa: E402
from storyline.model import Article, normalize_body  # noqa: E402
from storyline.store.sqlite import Store  # noqa: E402
from storyline.text import shingles, stopwords, words  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
import stories as stories_bench  # noqa: E402  (one PTB detokenizer for every benchmark)

SYNONYMS = Path(__file__).resolve().parent / "synonyms.tsv"
SEED = 20250602
T17_MAX_SHARED = 0.3  # a sampled T17 article sharing more of its shingles with one taken is a real copy
KINDS = ("exact", "syndicated", "para10", "para20", "para30")
LABELS = {
    "exact": "exact",
    "syndicated": "syndicated",
    "para10": "paraphrase 10%",
    "para20": "paraphrase 20%",
    "para30": "paraphrase 30%",
}
EXPECTED = {
    "exact": "exact",
    "syndicated": "near-duplicate",
    "para10": "paraphrase",
    "para20": "paraphrase",
    "para30": "paraphrase",
}
RATES = {"para10": 0.1, "para20": 0.2, "para30": 0.3}
NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
}
REPORTERS = (
    "Maria Keller",
    "James Okafor",
    "Lena Whitfield",
    "Tomás Herrera",
    "Priya Raman",
    "David Brunner",
    "Sophie Laurent",
    "Kenji Sato",
    "Aisha Bello",
    "Mark Delaney",
)
WIRES = ("Reuters", "AP", "AFP", "Bloomberg")
OUTLETS = ("The Daily Courier", "Metro Herald", "Newsline Today", "The Evening Post", "Globe Wire")


# --- originals -------------------------------------------------------------------------------------------


@dataclass
class Original:
    key: str
    corpus: str  # basil | t17
    group: str  # BASIL event id or T17 topic
    title: str | None
    paragraphs: list[str]
    published: str  # YYYY-MM-DD


def basil(data: Path, events: int) -> list[Original]:
    by_event: dict[str, list[Original]] = defaultdict(list)
    for line in (data / "basil" / "basil_articles.jsonl").open(encoding="utf-8"):
        d = json.loads(line)
        paragraphs = [p.strip() for p in d["text"].split("\n") if p.strip()]
        by_event[d["event_id"]].append(
            Original(f"basil:{d['article_id']}", "basil", d["event_id"], d["title"], paragraphs, d["date"][:10])
        )
    chosen = sorted(by_event)
    random.Random(SEED).shuffle(chosen)
    return [o for event in sorted(chosen[:events]) for o in by_event[event]]


def timeline17(data: Path, count: int, taken: list[Original]) -> tuple[list[Original], int]:
    """`count` T17 articles of 150-3,000 words, none sharing much text with one taken before."""
    pool: list[Original] = []
    for folder in sorted((data / "tls-t17" / "Timeline17").iterdir()):
        topic = folder.name.split("_")[0]
        with gzip.open(folder / "articles.tokenized.jsonl.gz", "rt", encoding="utf-8") as handle:
            for line in handle:
                d = json.loads(line)
                lines = [t for t in (_detokenize(s) for s in d["text"].split("\n")) if t]
                paragraphs = [" ".join(lines[i : i + 3]) for i in range(0, len(lines), 3)]
                pool.append(Original(f"t17:{folder.name}/{d['id']}", "t17", topic, None, paragraphs, d["time"][:10]))
    random.Random(SEED).shuffle(pool)
    index: dict[str, int] = {}
    bodies: set[str] = set()
    for n, original in enumerate(taken):
        for s in _shingle_set(original):
            index.setdefault(s, n)
        bodies.add(normalize_body(" ".join(original.paragraphs)))
    chosen: list[Original] = []
    skipped = 0
    stop = stopwords()
    for original in pool:
        if len(chosen) >= count:
            break
        tokens = words(" ".join(original.paragraphs))
        if not 150 <= len(tokens) <= 3000 or sum(t in stop for t in tokens) < 0.3 * len(tokens):
            continue  # too short, too long, or not English (a few T17 pages are not)
        bag = _shingle_set(original)
        shared = Counter(index[s] for s in bag if s in index)
        body = normalize_body(" ".join(original.paragraphs))
        if body in bodies or (shared and shared.most_common(1)[0][1] > T17_MAX_SHARED * len(bag)):
            skipped += 1
            continue
        number = len(taken) + len(chosen)
        for s in bag:
            index.setdefault(s, number)
        bodies.add(body)
        chosen.append(original)
    return chosen, skipped


def _shingle_set(original: Original) -> set[str]:
    return shingles(words(" ".join(original.paragraphs)), 5)


def _detokenize(text: str) -> str:
    return stories_bench.detokenize(text)


# --- the spinner ------------------------------------------------------------------------------------------


def load_synonyms(path: Path) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, replacements = line.split("\t")
        table[word] = [r for r in replacements.split("|") if r and r != word]
    return {w: r for w, r in table.items() if r}


_TOKEN = re.compile(r"(?<![\w'’-])[A-Za-z]+(?![\w'’-])")
_QUOTED = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)")


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    stripped = before.rstrip("\"'”’)]")
    return not before or stripped[-1:] in (".", "!", "?")


def spin_candidates(
    paragraphs: list[str], table: dict[str, list[str]], rng: random.Random
) -> list[tuple[int, int, int, str]]:
    """Every word a spinner would swap, with its replacement: (paragraph, start, end, new text).

    Lower-case words in the table, and a capitalized one when it only starts a sentence (not when it is
    capitalized elsewhere too, or followed by a capitalized word: then it is a name, "House Speaker");
    never a word inside quotes, a name, or a number. Number words become digits half the time."""
    names = {
        m.group(0)
        for text in paragraphs
        for m in _TOKEN.finditer(text)
        if m.group(0)[:1].isupper() and not _sentence_initial(text, m.start())
    }
    found: list[tuple[int, int, int, str]] = []
    for n, text in enumerate(paragraphs):
        quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
        for match in _TOKEN.finditer(text):
            token = match.group(0)
            if any(s <= match.start() < e for s, e in quoted):
                continue
            lower = token.lower()
            if token == lower:
                capital = False
            elif token == lower.capitalize() and _sentence_initial(text, match.start()) and token not in names:
                capital = True
                if text[match.end() : match.end() + 2].strip()[:1].isupper():
                    continue
            else:
                continue
            if lower in NUMBER_WORDS:
                if rng.random() < 0.5:
                    found.append((n, match.start(), match.end(), NUMBER_WORDS[lower]))
                continue
            if lower not in table:
                continue
            new = rng.choice(table[lower])
            found.append((n, match.start(), match.end(), new[:1].upper() + new[1:] if capital else new))
    return found


def spin(paragraphs: list[str], count: int, table: dict[str, list[str]], rng: random.Random) -> tuple[list[str], int]:
    """The paragraphs with `count` words swapped (fewer if the table offers fewer); returns how many were."""
    candidates = spin_candidates(paragraphs, table, rng)
    chosen = rng.sample(candidates, min(count, len(candidates)))
    out = list(paragraphs)
    for n, start, end, new in sorted(chosen, key=lambda c: (c[0], -c[1])):
        out[n] = out[n][:start] + new + out[n][end:]
    return out, len(chosen)


# --- copies -----------------------------------------------------------------------------------------------


@dataclass
class Line:
    """One JSONL line of the stream: an original or a copy of original `origin`."""

    role: str  # original | exact | syndicated | para10 | para20 | para30
    origin: int
    record: dict[str, object]
    rate: float = 0.0  # paraphrases: the share of the words outside quotes swapped
    rate_all: float = 0.0  # and of all the body's words
    same_body: bool = False  # exact copies: equal to the original after normalization


_STRAIGHT = str.maketrans("“”’‘", "\"\"''")


def exact_copy(original: Original, rng: random.Random) -> tuple[str, bool]:
    """Other quote styles and line breaks (the same normalized body), and for half of the copies
    a space before punctuation (the same words, a different body)."""
    text = "\n\n".join(original.paragraphs)
    if any(ch in text for ch in "“”’"):
        text = text.translate(_STRAIGHT)
    else:
        parts = text.split('"')
        text = "".join(p + ("“" if i % 2 == 0 else "”") for i, p in enumerate(parts[:-1])) + parts[-1]
        text = text.replace("'", "’")
    width = rng.randint(60, 80)
    text = "\n\n".join("\n".join(textwrap.wrap(p, width)) for p in text.split("\n\n"))
    respaced = rng.random() < 0.5
    if respaced:
        text = re.sub(r"(?<=\w)([,.;:?!])(?=\s)", r" \1", text)
    return text, not respaced


def syndicated_copy(original: Original, table: dict[str, list[str]], rng: random.Random) -> tuple[str, str]:
    """A wire story as another outlet reprints it: new headline, cuts, a moved paragraph, boilerplate,
    a word or two edited. Returns (title, text)."""
    paragraphs = list(original.paragraphs)
    for _ in range(min(rng.randint(1, 3), len(paragraphs) // 4)):
        del paragraphs[rng.randrange(1, len(paragraphs))]
    if len(paragraphs) > 3:
        moved = paragraphs.pop(rng.randrange(1, len(paragraphs)))
        paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), moved)
    for _ in range(rng.randint(1, 2)):
        n = rng.randrange(len(paragraphs))
        edited, _count = spin([paragraphs[n]], rng.randint(1, 2), table, rng)
        paragraphs[n] = edited[0]
    reporter, editor = rng.sample(REPORTERS, 2)
    wire, outlet = rng.choice(WIRES), rng.choice(OUTLETS)
    year = original.published[:4]
    top = rng.choice(["dateline", "byline", "none"])
    if top == "dateline":
        paragraphs[0] = f"({wire}) - {paragraphs[0]}"
    elif top == "byline":
        paragraphs.insert(0, f"By {reporter} | {outlet}")
    bottom = rng.sample(
        [
            f"Reporting by {reporter}; Additional reporting by {editor}; Editing by {rng.choice(REPORTERS)}",
            f"Copyright {year} {outlet}. All rights reserved. This material may not be published, broadcast, "
            "rewritten or redistributed.",
            f"Sign up for the {outlet} morning newsletter to get the day's top stories in your inbox.",
        ],
        rng.randint(1 if top == "none" else 0, 3),
    )
    paragraphs.extend(bottom)
    first = re.split(r"(?<=[.!?])\s", original.paragraphs[0])[0]
    title = original.title or " ".join(first.split()[:12])
    title = rng.choice([f"UPDATE {rng.randint(1, 4)}-{title}", f"{title} - {outlet}", " ".join(title.split()[:6])])
    return title, "\n\n".join(paragraphs)


def paraphrase_copy(
    original: Original, rate: float, table: dict[str, list[str]], rng: random.Random
) -> tuple[str | None, str, float, float]:
    """The original spun at `rate` of the words a spinner may touch (those outside quotes).
    Returns (title, text, share of those words swapped, share of all the body's words swapped)."""
    total = len(words(" ".join(original.paragraphs)))
    outside = len(words(" ".join(_QUOTED.sub(" ", p) for p in original.paragraphs)))
    paragraphs, swapped = spin(original.paragraphs, round(rate * outside), table, rng)
    title = original.title
    if title:
        title = spin([title], round(rate * len(words(title))), table, rng)[0][0]
    return title, "\n\n".join(paragraphs), swapped / max(outside, 1), swapped / max(total, 1)


def build_stream(originals: list[Original], table: dict[str, list[str]]) -> list[Line]:
    """Originals in date order, then their copies (a day later, in a fixed shuffle)."""
    lines: list[Line] = []
    order = sorted(range(len(originals)), key=lambda i: (originals[i].published, originals[i].key))
    for i in order:
        o = originals[i]
        record: dict[str, object] = {"text": "\n".join(o.paragraphs), "published": o.published}
        record["url"] = f"https://original.example/{i}"
        if o.title:
            record["title"] = o.title
        lines.append(Line("original", i, record))
    copies: list[Line] = []
    for i, o in enumerate(originals):
        rng = random.Random(f"{SEED}:{o.key}")
        day = (date.fromisoformat(o.published) + timedelta(days=1)).isoformat()
        text, same = exact_copy(o, rng)
        copies.append(Line("exact", i, _record(o.title, text, day, "exact", i), same_body=same))
        title, text = syndicated_copy(o, table, rng)
        copies.append(Line("syndicated", i, _record(title, text, day, "syndicated", i)))
        for kind, rate in RATES.items():
            spun_title, text, achieved, of_all = paraphrase_copy(o, rate, table, rng)
            copies.append(Line(kind, i, _record(spun_title, text, day, kind, i), rate=achieved, rate_all=of_all))
    random.Random(SEED).shuffle(copies)
    return lines + copies


def _record(title: str | None, text: str, day: str, kind: str, origin: int) -> dict[str, object]:
    record: dict[str, object] = {"text": text, "published": day, "url": f"https://copy.example/{kind}/{origin}"}
    if title:
        record["title"] = title
    return record


# --- the pipeline -----------------------------------------------------------------------------------------


@dataclass
class Run:
    article_of: list[str]  # the article id each line became ("" when rejected)
    links: dict[str, tuple[str, str, float]]  # article id -> (original id, kind, score)
    seconds: dict[str, float]
    placed: int


def run_pipeline(lines: list[Line], workdir: Path, jobs: int) -> Run:
    path = workdir / "copies.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line.record, ensure_ascii=False) + "\n")
    seconds: dict[str, float] = {}
    with Store(workdir / "bench.db") as store:
        started = time.perf_counter()
        ingest([str(path)], store, jobs=jobs)
        seconds["ingest"] = time.perf_counter() - started
        # storyline.registry.update runs these two; they are timed apart to see the corpus stage alone
        started = time.perf_counter()
        registry.run_one(store, "features", jobs=jobs)  # copies need no spaCy
        seconds["analyze"] = time.perf_counter() - started
        started = time.perf_counter()
        report = stories_stage.place(store, store.stories.pending())
        seconds["corpus"] = time.perf_counter() - started
        sighted = dict(store.db.execute("SELECT source, article_id FROM sightings").fetchall())
        rows = store.db.execute("SELECT article_id, original_id, kind, score FROM copies").fetchall()
    article_of = [sighted.get(f"{path}:{n + 1}", "") for n in range(len(lines))]
    links = {r[0]: (r[1], r[2], float(r[3])) for r in rows}
    return Run(article_of, links, seconds, report.placed)


# --- scoring ----------------------------------------------------------------------------------------------


@dataclass
class KindScore:
    pairs: int = 0
    detected: int = 0
    kind_right: int = 0
    same_id: int = 0
    links: int = 0  # links made from these copies
    right_links: int = 0
    to_sibling: int = 0  # linked to another copy of the same original (not resolved to it)
    right_kinds: Counter[str] = field(default_factory=Counter)  # the kinds of the right links
    rates: list[float] = field(default_factory=list)
    rates_all: list[float] = field(default_factory=list)


@dataclass
class Scores:
    kinds: dict[str, KindScore]
    by_link_kind: dict[str, list[int]]  # link kind -> [links, right]
    false_links: Counter[str]  # how the two articles of a wrong link relate -> count
    examples: dict[str, list[str]]  # the same -> a few of them
    self_links: int  # rows of `copies` whose article is its own original


def relation(a: Original, b: Original | None) -> str:
    if b is None:
        return "unknown"
    if a is b:
        return "own family"
    if a.corpus == b.corpus == "basil" and a.group == b.group:
        return "BASIL same event"
    if a.corpus == b.corpus == "t17" and a.group == b.group:
        return "T17 same topic"
    return "unrelated"


def score(lines: list[Line], originals: list[Original], run: Run) -> Scores:
    """Each copy against its own original; every link an original makes is wrong (it came first)."""
    original_id = {line.origin: run.article_of[n] for n, line in enumerate(lines) if line.role == "original"}
    origin_of_article: dict[str, int] = {}
    role_of_article: dict[str, str] = {}
    for n, line in enumerate(lines):
        if run.article_of[n]:
            origin_of_article.setdefault(run.article_of[n], line.origin)
            role_of_article.setdefault(run.article_of[n], line.role)
    kinds = {k: KindScore() for k in KINDS}
    by_link_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    false_links: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)

    def wrong(line: Line, target: str, kind: str, value: float) -> None:
        origin = origin_of_article.get(target)
        other = originals[origin] if origin is not None else None
        label = relation(originals[line.origin], other)
        if label == "own family":
            label = "original -> its own copy" if line.role == "original" else "copy -> a sibling copy"
        false_links[label] += 1
        if len(examples[label]) < 3:
            name = f"{role_of_article[target]} of {other.key}" if other else target
            examples[label].append(f"{line.role} of {originals[line.origin].key} -> {name} ({kind} {value})")

    for n, line in enumerate(lines):
        aid = run.article_of[n]
        if line.role == "original":
            if aid in run.links and aid == original_id[line.origin]:
                target, kind, value = run.links[aid]
                by_link_kind[kind][0] += 1
                wrong(line, target, kind, value)
            continue
        s = kinds[line.role]
        s.pairs += 1
        s.rates.append(line.rate)
        s.rates_all.append(line.rate_all)
        want = original_id[line.origin]
        if aid and aid == want:
            s.same_id += 1
            s.detected += 1
            s.kind_right += line.role == "exact"
            continue
        if aid not in run.links:
            continue
        target, kind, value = run.links[aid]
        s.links += 1
        by_link_kind[kind][0] += 1
        if target == want:
            s.right_links += 1
            s.detected += 1
            s.kind_right += kind == EXPECTED[line.role]
            s.right_kinds[kind] += 1
            by_link_kind[kind][1] += 1
        else:
            s.to_sibling += origin_of_article.get(target) == line.origin
            wrong(line, target, kind, value)
    self_links = sum(1 for article, (target, _, _) in run.links.items() if article == target)
    return Scores(kinds, dict(by_link_kind), false_links, dict(examples), self_links)


# --- calibration ------------------------------------------------------------------------------------------


def features_of(lines: list[Line]) -> list[Features | None]:
    out: list[Features | None] = []
    for n, line in enumerate(lines):
        payload = json.dumps(line.record, ensure_ascii=False).encode("utf-8")
        articles = [r for r in parse_item(Item(f"calibration:{n + 1}", "jsonl", payload)) if isinstance(r, Article)]
        out.append(compute(articles[0]) if articles else None)
    return out


@dataclass
class PairStats:
    containment: list[float] = field(default_factory=list)
    lengths: list[tuple[int, int]] = field(default_factory=list)  # skeleton tokens: (shorter, longer)
    similarity: list[float] = field(default_factory=list)  # skeleton similarity, gate or not
    linked: int = 0  # compare() made a link

    def passes(self, n: int, minimum: int | None = None) -> bool:
        shorter, longer = self.lengths[n]
        low = copies_module.MIN_SKELETON if minimum is None else minimum
        return shorter >= low and longer <= copies_module.MAX_LENGTH_RATIO * shorter

    def skeleton(self, minimum: int | None = None) -> list[float]:
        """Skeleton similarities of the pairs the gate (MIN_SKELETON, MAX_LENGTH_RATIO) lets through."""
        return [x for n, x in enumerate(self.similarity) if self.passes(n, minimum)]


def pair_stats(pairs: list[tuple[Features, Features]]) -> PairStats:
    """The numbers `corpus.copies.compare` decides on, for each pair."""
    stats = PairStats()
    for a, b in pairs:
        j = jaccard(a.minhash, b.minhash)
        stats.containment.append(containment(j, a.shingles, b.shingles))
        stats.linked += compare(a, b, "other") is not None
        x, y = a.skeleton, b.skeleton
        stats.lengths.append((min(len(x), len(y)), max(len(x), len(y))))
        stats.similarity.append(Indel.normalized_similarity(x, y))
    return stats


def calibration_pairs(
    lines: list[Line], originals: list[Original], feats: list[Features | None], quick: bool
) -> dict[str, list[tuple[Features, Features]]]:
    of_original = {line.origin: feats[n] for n, line in enumerate(lines) if line.role == "original"}
    groups: dict[str, list[tuple[Features | None, Features | None]]] = defaultdict(list)
    for n, line in enumerate(lines):
        if line.role in ("syndicated", *RATES):
            groups[LABELS[line.role]].append((feats[n], of_original.get(line.origin)))
    rng = random.Random(SEED)
    members: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, o in enumerate(originals):
        members[(o.corpus, o.group)].append(i)
    for (corpus, _), ids in sorted(members.items()):
        label = "BASIL same event" if corpus == "basil" else "T17 same topic"
        groups[label].extend((of_original[a], of_original[b]) for a, b in combinations(ids, 2))
    if len(groups["T17 same topic"]) > 2000:
        groups["T17 same topic"] = rng.sample(groups["T17 same topic"], 2000)
    unrelated: list[tuple[Features | None, Features | None]] = []
    wanted = 300 if quick else 2000
    while len(unrelated) < wanted and len(originals) > 1:
        a, b = rng.sample(range(len(originals)), 2)
        if relation(originals[a], originals[b]) == "unrelated":
            unrelated.append((of_original[a], of_original[b]))
    groups["unrelated"] = unrelated
    return {k: [(a, b) for a, b in v if a is not None and b is not None] for k, v in groups.items()}


QUANTILES = (0, 1, 5, 25, 50, 75, 95, 99, 100)
POSITIVE_GROUPS = ("syndicated", "paraphrase 10%", "paraphrase 20%", "paraphrase 30%")
NEGATIVE_GROUPS = ("BASIL same event", "T17 same topic", "unrelated")


def distribution_table(title: str, values: dict[str, list[float]], extra: dict[str, str]) -> None:
    print(title)
    head = "".join(f"{'min' if q == 0 else 'max' if q == 100 else f'p{q}':>7}" for q in QUANTILES)
    print(f"  {'pairs':<20}{'n':>6}{head}")
    for name, xs in values.items():
        cells = "".join(f"{v:>7.3f}" for v in np.percentile(xs, QUANTILES)) if xs else " (none)"
        print(f"  {name:<20}{len(xs):>6}{cells}  {extra.get(name, '')}".rstrip())


def recommend(name: str, current: float, positives: list[float], negatives: list[float]) -> str:
    if not positives or not negatives:
        return f"{name}: not enough pairs to recommend"
    low, high = min(positives), max(negatives)
    p1 = float(np.percentile(positives, 1))
    lines = [
        f"{name}: current {current:.2f}; highest negative {high:.3f}, lowest true copy {low:.3f} (p1 {p1:.3f})",
        f"    margin at current: {current - high:+.3f} above the negatives, {low - current:+.3f} below the copies",
    ]
    if high < low:
        mid = (high + low) / 2
        lines.append(
            f"    separable: recommend {mid:.2f} (midpoint), margin {mid - high:.3f} on each side; "
            f"current threshold {'inside' if high < current <= low else 'OUTSIDE'} the gap"
        )
    else:
        best = min(
            np.linspace(0, 1, 201),
            key=lambda t: (sum(n >= t for n in negatives), sum(p < t for p in positives)),
        )
        lines.append(
            f"    overlap: the lowest threshold with the fewest false links is {best:.3f} "
            f"({sum(n >= best for n in negatives)} negatives above, {sum(p < best for p in positives)} copies below)"
        )
    return "\n".join(lines)


def calibrate(lines: list[Line], originals: list[Original], quick: bool) -> None:
    started = time.perf_counter()
    feats = features_of(lines)
    groups = calibration_pairs(lines, originals, feats, quick)
    stats = {name: pair_stats(groups.get(name, [])) for name in (*POSITIVE_GROUPS, *NEGATIVE_GROUPS)}
    near, para = copies_module.NEAR_DUPLICATE_CONTAINMENT, copies_module.PARAPHRASE_SKELETON
    print(f"\nCalibration (features computed in-process, {time.perf_counter() - started:.1f} s)")
    linked = {n: f"compare() links {s.linked}/{len(s.containment)}" for n, s in stats.items()}
    distribution_table(
        f"Shingle containment (near-duplicate threshold {near})", {n: s.containment for n, s in stats.items()}, linked
    )
    gate = {
        n: f"gated out {len(s.similarity) - len(s.skeleton())}/{len(s.similarity)}"
        f" (skeleton < {copies_module.MIN_SKELETON} tokens or length ratio > {copies_module.MAX_LENGTH_RATIO})"
        for n, s in stats.items()
    }
    distribution_table(
        f"Skeleton similarity (paraphrase threshold {para}), pairs past the gate",
        {n: s.skeleton() for n, s in stats.items()},
        gate,
    )
    below = {  # the paraphrases that reach the skeleton test: containment under the near-duplicate threshold
        n: [x for x, c in zip(stats[n].similarity, stats[n].containment, strict=True) if c < near]
        for n in ("paraphrase 10%", "paraphrase 20%", "paraphrase 30%")
    }
    distribution_table(
        "Skeleton similarity of paraphrases left to the skeleton test (containment under threshold, no gate)",
        below,
        {},
    )
    spins = [stats["paraphrase 20%"], stats["paraphrase 30%"]]
    left = sum(c < near for s in spins for c in s.containment)
    print(
        f"Skeleton gate (MIN_SKELETON) sweep: 20%+30% spins under the containment threshold ({left}) "
        f"vs all negative pairs ({sum(len(stats[n].similarity) for n in NEGATIVE_GROUPS)})"
    )
    print(f"  {'min tokens':>10}{'spins past':>12}{'spins linked':>14}{'negatives past':>16}{'max negative':>14}")
    for minimum in (4, 6, 8, 10, 12, 16):
        past = linked_spins = 0
        for s in spins:
            for n, c in enumerate(s.containment):
                if c < near and s.passes(n, minimum):
                    past += 1
                    linked_spins += s.similarity[n] >= para
        negatives = [x for name in NEGATIVE_GROUPS for x in stats[name].skeleton(minimum)]
        high = f"{max(negatives):.3f}" if negatives else "-"
        print(f"  {minimum:>10}{past:>12}{linked_spins:>14}{len(negatives):>16}{high:>14}")
    ratios = [longer / shorter for s in spins for shorter, longer in s.lengths if shorter]
    if ratios:
        print(
            f"Skeleton length ratio of spins: p99 {np.percentile(ratios, 99):.2f}, max {max(ratios):.2f} "
            f"(MAX_LENGTH_RATIO {copies_module.MAX_LENGTH_RATIO})"
        )
    negatives_c = [x for n in NEGATIVE_GROUPS for x in stats[n].containment]
    negatives_s = [x for n in NEGATIVE_GROUPS for x in stats[n].skeleton()]
    spun = [x for s in spins for x in s.skeleton()]
    print("\nRecommendations")
    print(recommend("near-duplicate containment", near, stats["syndicated"].containment, negatives_c))
    basil_c = stats["BASIL same event"].containment
    print(recommend("  the same, BASIL same-event pairs only", near, stats["syndicated"].containment, basil_c))
    print(recommend("paraphrase skeleton similarity (20%+30% spins)", para, spun, negatives_s))
    basil_s = stats["BASIL same event"].skeleton()
    print(recommend("  the same, BASIL same-event pairs only", para, spun, basil_s))


# --- MRPC -------------------------------------------------------------------------------------------------


def mrpc(data: Path) -> None:
    folder = data / "mrpc"
    if not folder.is_dir():
        print("\nMRPC: skipped (no data)")
        return
    started = time.perf_counter()
    splits: dict[str, tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]] = {}
    for split in ("train", "test"):
        labels: list[int] = []
        both: list[bool] = []
        values: dict[str, list[float]] = defaultdict(list)
        with (folder / f"msr_paraphrase_{split}.txt").open(encoding="utf-8-sig") as handle:
            next(handle)
            for row in handle:
                parts = row.rstrip("\n").split("\t")
                if len(parts) != 5:
                    continue
                labels.append(int(parts[0]))
                a, b = parts[3], parts[4]
                ska, skb = skeleton(a), skeleton(b)
                both.append(bool(ska and skb))
                wa, wb = words(a), words(b)
                values["skeleton similarity"].append(Indel.normalized_similarity(ska, skb))
                values["word Jaccard"].append(_set_jaccard(set(wa), set(wb)))
                values["5-shingle Jaccard"].append(_set_jaccard(shingles(wa, 5), shingles(wb, 5)))
        arrays = {k: np.array(v) for k, v in values.items()}
        arrays["mean(word J, skeleton)"] = (arrays["word Jaccard"] + arrays["skeleton similarity"]) / 2
        splits[split] = (np.array(labels), np.array(both), arrays)
    train_y, train_both, train_x = splits["train"]
    test_y, test_both, test_x = splits["test"]
    majority = max(test_y.mean(), 1 - test_y.mean())
    print(f"\nMRPC (sentence pairs; threshold fit on train, {len(train_y)} pairs; scored on test, {len(test_y)} pairs)")
    print(
        f"  majority baseline: test accuracy {majority:.3f}; test pairs with both skeletons non-empty: "
        f"{int(test_both.sum())}/{len(test_y)}"
    )
    print(
        f"  {'feature':<38}{'thresh':>8}{'train acc':>11}{'test acc':>10}{'test P':>8}{'test R':>8}"
        f"{'test F1':>9}{'test AUC':>10}"
    )
    rows = [(name, np.ones(len(train_y), bool), np.ones(len(test_y), bool)) for name in train_x]
    rows.append(("skeleton similarity", train_both, test_both))
    for name, train_mask, test_mask in rows:
        label = name if train_mask.all() else f"{name} (both non-empty)"
        x, y = test_x[name][test_mask], test_y[test_mask]
        t, acc = _best_threshold(train_x[name][train_mask], train_y[train_mask])
        predicted = x >= t
        tp = int(np.sum(predicted & (y == 1)))
        p = tp / max(int(predicted.sum()), 1)
        r = tp / max(int(y.sum()), 1)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        test_acc = float(np.mean(predicted == (y == 1)))
        print(f"  {label:<38}{t:>8.3f}{acc:>11.3f}{test_acc:>10.3f}{p:>8.3f}{r:>8.3f}{f1:>9.3f}{_auc(x, y):>10.3f}")
    print(
        "  (threshold: best train accuracy, predicting paraphrase at or above it; 0 = every pair, the majority; "
        f"{time.perf_counter() - started:.1f} s)"
    )


def _set_jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _best_threshold(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The threshold (predict paraphrase when x >= t) with the best train accuracy."""
    best = (0.0, float(np.mean(y == 1)))
    for t in np.unique(x):
        acc = float(np.mean((x >= t) == (y == 1)))
        if acc > best[1]:
            best = (float(t), acc)
    return best


def _auc(x: np.ndarray, y: np.ndarray) -> float:
    """Probability that a paraphrase pair scores above a non-paraphrase pair (ties count half)."""
    positives, negatives = x[y == 1], x[y == 0]
    if not len(positives) or not len(negatives):
        return float("nan")
    ordered = np.sort(negatives)
    below = np.searchsorted(ordered, positives, side="left")
    ties = np.searchsorted(ordered, positives, side="right") - below
    return float((below + ties / 2).sum() / (len(positives) * len(negatives)))


# --- report -----------------------------------------------------------------------------------------------


def print_scores(scores: Scores, lines: list[Line], run: Run) -> None:
    print(
        f"\n{'copy kind':<16}{'pairs':>6}{'recall':>8}{'kind ok':>9}{'same id':>9}{'as e/n/p':>13}{'links':>7}"
        f"{'precision':>11}{'sibling':>9}{'swap/out':>10}{'swap/all':>10}  expected kind"
    )
    for kind, s in scores.kinds.items():
        precision = s.right_links / s.links if s.links else 1.0
        swapped = f"{np.mean(s.rates):>10.1%}{np.mean(s.rates_all):>10.1%}" if kind in RATES else f"{'-':>10}{'-':>10}"
        kinds = "/".join(str(s.right_kinds[k]) for k in ("exact", "near-duplicate", "paraphrase"))
        print(
            f"{LABELS[kind]:<16}{s.pairs:>6}{s.detected / max(s.pairs, 1):>8.3f}{s.kind_right / max(s.pairs, 1):>9.3f}"
            f"{s.same_id:>9}{kinds:>13}{s.links:>7}{precision:>11.3f}{s.to_sibling:>9}{swapped}  {EXPECTED[kind]}"
        )
    originals = sum(line.role == "original" for line in lines)
    false_from_originals = sum(
        1 for n, line in enumerate(lines) if line.role == "original" and run.article_of[n] in run.links
    )
    print(f"{'originals':<16}{originals:>6}{'':>39}{false_from_originals:>7}{'(all false)':>11}")
    print("(recall: linked to its own original, any kind; kind ok: with the expected kind; same id: stored as the")
    print(" original itself, a second sighting; as e/n/p: right links of kind exact/near-duplicate/paraphrase;")
    print(" sibling: linked to another copy of the same original; swap/out, swap/all: words swapped, as a share")
    print(" of the words outside quotes, which the spinner may touch, and of all words)")
    print(f"\n{'link kind':<16}{'links':>7}{'right':>7}{'precision':>11}")
    total = right = 0
    for kind in ("exact", "near-duplicate", "paraphrase"):
        made, ok = scores.by_link_kind.get(kind, [0, 0])
        total, right = total + made, right + ok
        print(f"{kind:<16}{made:>7}{ok:>7}{(ok / made if made else 1.0):>11.3f}")
    print(f"{'all links':<16}{total:>7}{right:>7}{(right / total if total else 1.0):>11.3f}")
    print(
        f"\nFalse copy links between two reports of one BASIL event: {scores.false_links['BASIL same event']} "
        "(must be 0)"
    )
    print(f"Wrong links by relation: {dict(scores.false_links) or 'none'}; self-links in `copies`: {scores.self_links}")
    for label, found in scores.examples.items():
        for example in found:
            print(f"  {label}: {example}")
    rejected = sum(1 for a in run.article_of if not a)
    if rejected:
        print(f"  ({rejected} lines rejected by ingest)")


def report_targets(met: list[tuple[str, float, str, bool]], check: bool, width: int = 44) -> int:
    """Print each target as met or missed; the exit code `--check` asks for."""
    print("\nTargets")
    for what, value, target, ok in met:
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"  {'ok  ' if ok else 'MISS'} {what:<{width}}{shown:>7}  {target}")
    return 1 if check and not all(ok for *_, ok in met) else 0


def targets(scores: Scores) -> list[tuple[str, float, str, bool]]:
    """The issue's targets: (what, value, target, met)."""
    found: list[tuple[str, float, str, bool]] = []
    for kind, s in scores.kinds.items():
        precision = s.right_links / s.links if s.links else 1.0
        found.append((f"precision, {LABELS[kind]} copies", precision, ">= 0.98", precision >= 0.98))
    for kind in ("exact", "near-duplicate", "paraphrase"):
        made, ok = scores.by_link_kind.get(kind, [0, 0])
        precision = ok / made if made else 1.0
        found.append((f"precision, links of kind {kind}", precision, ">= 0.98", precision >= 0.98))
    for kind, floor in (("exact", 0.95), ("syndicated", 0.95), ("para20", 0.9)):
        s = scores.kinds[kind]
        recall = s.detected / max(s.pairs, 1)
        found.append((f"recall, {LABELS[kind]}", recall, f">= {floor}", recall >= floor))
    same_event = scores.false_links["BASIL same event"]
    found.append(("false links, BASIL same event", same_event, "== 0", same_event == 0))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="60 originals: the fast subset for CI")
    parser.add_argument("--n", type=int, help="number of originals (half BASIL, by whole events, up to 300)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-calibration", action="store_true", help="skip the calibration section")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    data = data_dir()
    if data is None:
        print("skipped: labelled data not found (../shared/data or $STORYLINE_DATA)")
        return 0
    n = args.n or (60 if args.quick else 600)
    started = time.perf_counter()
    table = load_synonyms(SYNONYMS)
    originals = basil(data, min(100, n // 6))
    extra, skipped = timeline17(data, n - len(originals), originals)
    originals += extra
    lines = build_stream(originals, table)
    print(
        f"Copy set: {len(originals)} originals ({sum(o.corpus == 'basil' for o in originals)} BASIL, "
        f"{len(extra)} Timeline17; {skipped} T17 articles skipped as sharing text with one taken), "
        f"{len(lines) - len(originals)} copies, {len(lines)} JSONL lines; synonym table {len(table)} words; "
        f"built in {time.perf_counter() - started:.1f} s"
    )
    with tempfile.TemporaryDirectory(prefix="storyline-copies-") as tmp:
        run = run_pipeline(lines, Path(tmp), args.jobs)
    scores = score(lines, originals, run)
    print_scores(scores, lines, run)
    s = run.seconds
    print(
        f"\nSpeed: corpus stage (copies + story assignment) {run.placed} articles in {s['corpus']:.2f} s = "
        f"{run.placed / max(s['corpus'], 1e-9):.0f} articles/s  (ingest {s['ingest']:.1f} s, "
        f"analysis {s['analyze']:.1f} s, jobs={args.jobs})"
    )
    if not args.no_calibration:
        calibrate(lines, originals, args.quick)
    mrpc(data)
    return report_targets(targets(scores), args.check)


if __name__ == "__main__":
    raise SystemExit(main())
