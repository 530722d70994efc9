"""Quote attribution against PolNeAR (political news attribution relations, LREC 2018).

    python benchmarks/polnear.py                # test split, 84 articles (what we report)
    python benchmarks/polnear.py --quick        # the first 20 test articles (the CI floor subset)
    python benchmarks/polnear.py --split dev    # tuning split (train / dev only for tuning)

Gold: brat standoff, `E` lines tie Source / Cue / Content spans. Where an article has several
annotators, the annotation of the first annotator in sorted order of the `.ann` file's suffix is
used (no merging). Offsets are read, never the span text (span text can hold newlines).

Matching is one to one: among pairs that overlap enough (below), the closest in extent (Jaccard) first.

- **content**: a system quote matches a gold content when their word characters (letters and
  digits; quote marks and spaces ignored) overlap by at least 50% of the shorter of the two.
  Segments of one split quote (same cue) and a multi-paragraph quote's segments are one system
  attribution; a partial direct quote lying inside a system indirect clause is part of that clause.
- **speaker**: correct when the subject as printed (a pronoun keeps its own span), or the mention
  it resolved to, overlaps the gold Source span, or the speaker's last word occurs in the gold
  Source text. PolNeAR has no coreference chains, so a resolved pronoun cannot be checked against
  its antecedent: the pronoun's span overlap is what counts.
- **direct** = gold contents that start with a quote mark (curly, straight or typewriter), against
  system direct quotes.
- **speech** = gold attributions whose cue is a reporting verb of the system's lexicon (any
  tense or aspect: "has said"), "according to" or a colon. PolNeAR also annotates beliefs,
  intentions and noun-phrase objects ("Trump defended his tweets", "polls show X", "Clinton wants
  X"), which are not reported speech; "all" keeps them. In these two narrower scopes a system item
  matching a gold attribution outside the scope is neither right nor wrong.
- **attitudes** = the system's attitudes alone against every gold attribution: their precision is
  how often an attitude is one PolNeAR marked (recall here is only their share of all gold).
- **pairs** (speaker, content) use the gold attributions that have a Source; a system attribution
  matching a Source-less gold content is neither right nor wrong there.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from spacy.tokens import Doc  # noqa: E402

from labelled import data_dir  # noqa: E402
from storyline.analyze import nlp  # noqa: E402
from storyline.analyze.actors.entmentions import entity_mentions  # noqa: E402
from storyline.analyze.speech.quotes import SPEECH, Attribution, find_attributions  # noqa: E402
from storyline.analyze.speech.speakers import reporting_verbs  # noqa: E402
from storyline.records import Mention  # noqa: E402

QUICK_ARTICLES = 20
MIN_OVERLAP = 0.5
QUOTE_MARKS = ("“", "”", '"', "«", "»", "''", "``")


@dataclass(frozen=True, slots=True)
class Item:
    """One attribution (gold or system) as character sets."""

    content: frozenset[int]
    source: frozenset[int]
    direct: bool
    names: tuple[str, ...] = ()  # system: resolved speaker's last word, lower case
    speech: bool = True  # system: a quote (direct or indirect), not an attitude


@dataclass(frozen=True, slots=True)
class Article:
    name: str
    text: str
    gold: tuple[Item, ...]
    source_text: tuple[str, ...]  # per gold item, the Source words (lower case)
    cue_text: tuple[str, ...] = ()  # per gold item, the Cue words (lower case; diagnostics)


def _words(text: str, spans: Iterable[tuple[int, int]]) -> frozenset[int]:
    return frozenset(i for s, e in spans for i in range(s, min(e, len(text))) if text[i].isalnum())


def read_article(text_path: Path, ann_path: Path) -> Article:
    text = text_path.read_text("utf-8")
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[dict[str, list[str]]] = []
    for line in ann_path.read_text("utf-8").split("\n"):
        if m := re.match(r"^(T\d+)\t\w+ ([\d; ]+)\t", line):
            spans[m.group(1)] = [(int(a), int(b)) for a, b in (p.split() for p in m.group(2).split(";"))]
        elif m := re.match(r"^(E\d+)\t(.*)$", line):
            roles: dict[str, list[str]] = {}
            for part in m.group(2).split():
                role, _, ref = part.partition(":")
                roles.setdefault(re.sub(r"\d+$", "", role), []).append(ref)
            events.append(roles)
    gold: list[Item] = []
    sources: list[str] = []
    cues: list[str] = []
    for roles in events:
        content = [s for ref in roles.get("Content", []) for s in spans.get(ref, [])]
        if not content:
            continue
        source = [s for ref in roles.get("Source", []) for s in spans.get(ref, [])]
        first = min(content)
        direct = text[first[0] : first[1]].lstrip().startswith(QUOTE_MARKS)
        gold.append(Item(_words(text, content), _words(text, source), direct))
        sources.append(" ".join(text[s:e] for s, e in source).lower())
        cue = [s for ref in roles.get("Cue", []) for s in spans.get(ref, [])]
        cues.append(" ".join(text[s:e] for s, e in cue).lower())
    return Article(text_path.stem, text, tuple(gold), tuple(sources), tuple(cues))


def load_split(data: Path, split: str, limit: int | None = None) -> list[Article]:
    base = data / "polnear" / "data" / split
    out = []
    for text_path in sorted((base / "text").glob("*.txt"))[:limit]:
        anns = sorted((base / "attributions").glob(f"{text_path.stem}_*.ann"))
        if anns:
            out.append(read_article(text_path, anns[0]))
    return out


USE_ACTORS = True  # --mentions ents turns this off (compare the actors step with spaCy's entities)


def _mentions(doc: Doc) -> list[Mention]:
    if not USE_ACTORS:
        return entity_mentions(doc)
    try:
        actors = importlib.import_module("storyline.analyze.actors.mentions")
    except ImportError:
        return entity_mentions(doc)
    return list(actors.find_mentions(doc))


def system_items(text: str, attributions: Sequence[Attribution]) -> list[Item]:
    """Attributions as evaluation items: segments sharing a cue are one, partial quotes inside an
    indirect clause belong to it."""
    groups: dict[tuple[object, ...], list[Attribution]] = {}
    for a in attributions:
        key: tuple[object, ...] = (a.cue_start, a.quote.kind, a.quote.speaker) if a.cue_start is not None else (id(a),)
        groups.setdefault(key, []).append(a)
    indirect = [(a.quote.start, a.quote.end) for a in attributions if a.quote.kind == "indirect"]
    out = []
    for group in groups.values():
        q = group[0].quote
        if q.kind == "direct" and all(any(s <= g.quote.start and g.quote.end <= e for s, e in indirect) for g in group):
            continue
        content = _words(text, [(g.quote.start, g.quote.end) for g in group])
        source: set[int] = set()
        for g in group:
            for s, e in ((g.source_start, g.source_end), (g.quote.speaker_start, g.quote.speaker_end)):
                if s is not None and e is not None:
                    source.update(range(s, e))
        names = (q.speaker.split()[-1].lower(),) if q.speaker else ()
        out.append(Item(content, frozenset(source), q.kind == "direct", names, q.kind in SPEECH))
    return out


def _overlap(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _match(system: Sequence[Item], gold: Sequence[Item]) -> list[tuple[int, int]]:
    pairs = []
    for i, s in enumerate(system):
        for j, g in enumerate(gold):
            if _overlap(s.content, g.content) >= MIN_OVERLAP:  # eligible; the closest in extent wins
                pairs.append((len(s.content & g.content) / len(s.content | g.content), i, j))
    pairs.sort(reverse=True)
    used_s: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_s and j not in used_g:
            used_s.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def _speaker_ok(s: Item, g: Item, source_text: str) -> bool:
    if s.source & g.source:
        return True
    words = set(re.findall(r"[\w'’-]+", source_text))
    return any(n in words for n in s.names)


def _prf(tp: float, n_sys: float, n_gold: float) -> tuple[float, float, float]:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _speech_cue(cue: str) -> bool:
    """A gold cue that is reported speech in the system's sense: a reporting verb ("said", "has
    warned"), "according to", a colon."""
    words = cue.split()
    return cue.strip() in (":", "according to") or bool(words and words[-1] in reporting_verbs())


def _in_scope(item: Item, scope: str) -> bool:
    if scope == "attitudes":
        return not item.speech
    return item.direct or scope == "all" or (scope == "speech" and item.speech)


def evaluate(articles: Sequence[Article]) -> dict[str, float]:
    """P/R/F1 per scope: `direct` (gold content opens with a quote mark), `speech` (gold cue is a
    reporting verb, "according to" or a colon), `all`. In the narrower scopes a system item that
    matches a gold attribution outside the scope is neither right nor wrong."""
    nlp_ = nlp.load()
    counts = {k: 0.0 for k in ("tp", "sys", "gold", "ptp", "psys", "pgold")}
    tallies = {"direct": dict(counts), "speech": dict(counts), "all": dict(counts), "attitudes": dict(counts)}
    docs = nlp_.pipe((a.text for a in articles), batch_size=8)
    for article, doc in zip(articles, docs, strict=True):
        items = system_items(article.text, find_attributions(doc, _mentions(doc)))
        for scope, t in tallies.items():
            inside = [
                scope in ("all", "attitudes") or (g.direct if scope == "direct" else _speech_cue(article.cue_text[j]))
                for j, g in enumerate(article.gold)
            ]
            gold_idx = [j for j, ok in enumerate(inside) if ok]
            gold = [article.gold[j] for j in gold_idx]
            system = [s for s in items if _in_scope(s, scope)]
            matched = _match(system, gold)
            hit = {i for i, _ in matched}
            rest = [i for i in range(len(system)) if i not in hit]
            others = [g for j, g in enumerate(article.gold) if not inside[j]]
            neutral = {rest[k] for k, _ in _match([system[i] for i in rest], others)}
            t["tp"] += len(matched)
            t["sys"] += len(system) - len(neutral)
            t["gold"] += len(gold)
            sourceless = {i for i, j in matched if not gold[j].source}
            t["psys"] += len(system) - len(neutral) - len(sourceless)
            t["pgold"] += sum(1 for g in gold if g.source)
            t["ptp"] += sum(
                1
                for i, j in matched
                if gold[j].source and _speaker_ok(system[i], gold[j], article.source_text[gold_idx[j]])
            )
    out: dict[str, float] = {}
    for scope, t in tallies.items():
        for kind, (tp, ns, ng) in (("content", ("tp", "sys", "gold")), ("pair", ("ptp", "psys", "pgold"))):
            p, r, f = _prf(t[tp], t[ns], t[ng])
            out[f"{scope}_{kind}_p"], out[f"{scope}_{kind}_r"], out[f"{scope}_{kind}_f1"] = p, r, f
        out[f"{scope}_gold"] = t["gold"]
    return out


def quick_metrics() -> dict[str, float]:
    """Metrics on the first 20 test articles (the CI floor subset); empty when the data is absent."""
    data = data_dir()
    if data is None or not (data / "polnear").is_dir():
        return {}
    return evaluate(load_split(data, "test", QUICK_ARTICLES))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the first 20 test articles")
    parser.add_argument("--split", default="test", choices=("train", "dev", "test"))
    parser.add_argument("--limit", type=int, default=None, help="the first N articles of the split")
    parser.add_argument("--mentions", choices=("auto", "ents"), default="auto", help="actors step if present, or ents")
    args = parser.parse_args()
    global USE_ACTORS
    USE_ACTORS = args.mentions == "auto"
    data = data_dir()
    if data is None or not (data / "polnear").is_dir():
        print("PolNeAR not found (set STORYLINE_DATA or put shared/data next to the project): skipped")
        return 0
    limit = QUICK_ARTICLES if args.quick else args.limit
    split = "test" if args.quick else args.split
    started = time.perf_counter()
    articles = load_split(data, split, limit)
    metrics = evaluate(articles)
    took = time.perf_counter() - started
    found = importlib.util.find_spec("storyline.analyze.actors.mentions") is not None
    source = "actors.find_mentions" if USE_ACTORS and found else "spaCy entities"
    print(
        f"PolNeAR {split}: {len(articles)} articles, first annotator per article, mentions from {source}, {took:.1f} s"
    )
    print(f"{'scope':<8} {'gold':>5} {'what':<18} {'P':>6} {'R':>6} {'F1':>6}")
    for scope in ("direct", "speech", "all", "attitudes"):
        for kind, label in (("pair", "speaker+content"), ("content", "content only")):
            p, r, f = (metrics[f"{scope}_{kind}_{x}"] for x in ("p", "r", "f1"))
            print(f"{scope:<8} {int(metrics[f'{scope}_gold']):>5} {label:<18} {p:>6.3f} {r:>6.3f} {f:>6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
