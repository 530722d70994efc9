"""Canonical entities: do two names get one entity exactly when they name one person?

    python benchmarks/entities.py            # all: ECB+ test topics (36-45) and the hand-labelled pairs
    python benchmarks/entities.py --quick    # the subset CI checks against floors (a few seconds)
    python benchmarks/entities.py --split train   # ECB+ topics 1-35, the only part used for tuning

Two pair sets (how they were built and labelled: docs/entities.md):

- **ECB+ gold coreference.** Every person mention the annotators marked (HUMAN_PART_PER) that
  is printed as a name ("Tara Reid", "Mr Reid", not "the actress") is fed, article by article
  and with the gold event as the story, to `EntityIndex`. Pairs of named mentions of one topic
  that print different strings are scored: positive when the annotators put them in one
  coreference chain, negative when in different chains *and* the names share a word or look
  alike (the hard cases; unrelated names are trivially apart).
- **Hand-labelled pairs** (`benchmarks/entity_pairs.tsv`): romanization variants, family members
  and namesakes found in Timeline17 and BASIL, each in a setting (same article, same story, or
  unrelated articles) and with the reason of its label.

Scores: merge precision (of pairs put in one entity, the share that are one person) and recall
(of one-person pairs, the share put in one entity), overall and by kind of pair.
"""

from __future__ import annotations

import argparse
import csv
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from labelled import data_dir  # noqa: E402
from storyline.analyze.signals.names import HONORIFICS  # noqa: E402
from storyline.corpus.entities import EntityIndex  # noqa: E402
from storyline.corpus.namekey import fold, name_key, split_key  # noqa: E402
from storyline.records import GPE, PERSON, Mention  # noqa: E402

PAIRS = ROOT / "benchmarks" / "entity_pairs.tsv"
TITLES = HONORIFICS | {"rev", "reverend", "dr", "doctor", "speaker", "officer", "detective", "coach", "colonel"}
NOT_NAMES = {"he", "she", "him", "her", "his", "i", "me", "they", "we", "you", "who", "the", "a", "an", "it"}
QUICK_TOPICS = range(36, 41)


def split_title(text: str) -> tuple[str, str | None]:
    """ "Foreign Minister Moussa Koussa" -> ("Moussa Koussa", "Foreign Minister"), as the analysis
    hands names over: titles are not part of the name."""
    words = text.split()
    n = 0
    while n < len(words) - 1 and fold(words[n]).rstrip(".") in TITLES:
        n += 1
    return " ".join(words[n:]), " ".join(words[:n]) or None


@dataclass
class Named:
    doc: str
    text: str
    chain: str | None  # cross-document chain id, or None when only linked within its document
    local: str  # chain id valid inside the document
    entity: int = 0


# -- ECB+ ---------------------------------------------------------------------------------------


def _ecb_doc(path: Path) -> tuple[str, list[tuple[Mention, str | None, str]]]:
    root = ET.parse(path).getroot()
    tokens = {t.get("t_id", ""): t for t in root.iter("token")}
    body, offsets, sentence = "", {}, None
    for tid, tok in tokens.items():
        if sentence is not None and tok.get("sentence") != sentence:
            body += "\n"
        elif body:
            body += " "
        sentence = tok.get("sentence")
        offsets[tid] = (len(body), len(body) + len(tok.text or ""))
        body += tok.text or ""
    cross: dict[str, str] = {}
    local: dict[str, str] = {}
    for rel in root.iter("CROSS_DOC_COREF"):
        for src in rel.iter("source"):
            cross[src.get("m_id", "")] = rel.get("note", "")
    for rel in root.iter("INTRA_DOC_COREF"):
        target = next(rel.iter("target")).get("m_id", "")
        for src in rel.iter("source"):
            local[src.get("m_id", "")] = f"{path.stem}:{target}"
    out: list[tuple[Mention, str | None, str]] = []
    for mark in root.iter("HUMAN_PART_PER"):
        anchors = [a.get("t_id", "") for a in mark.iter("token_anchor")]
        mid = mark.get("m_id", "")
        if not anchors or (mid not in cross and mid not in local):
            continue
        words = [tokens[a].text or "" for a in anchors]
        while words and words[-1] in ("'s", "'"):
            words.pop()
        if not words or not all(w[:1].isupper() and w.replace(".", "").replace("-", "").isalpha() for w in words):
            continue
        if fold(words[0]) in NOT_NAMES:
            continue
        text, title = split_title(" ".join(words))
        if fold(text).rstrip(".") in TITLES or len(text.split()) > 4:
            continue
        start = offsets[anchors[0]][0] + len(" ".join(words)) - len(text)
        mention = Mention(start, start + len(text), text, PERSON, title)
        out.append((mention, cross.get(mid), cross.get(mid) or local[mid]))
    out.sort(key=lambda m: m[0].start)
    return body, out


def ecb_pairs(data: Path, topics: Iterator[int] | range) -> list[tuple[str, bool, bool]]:
    """(kind, gold same, predicted same) for every scored pair of named ECB+ mentions."""
    index = EntityIndex()
    merged: dict[int, int] = {}
    out: list[tuple[str, bool, bool]] = []
    for topic in topics:
        folder = data / "ecbplus" / "ECB+" / str(topic)
        if not folder.is_dir():
            continue
        named: list[tuple[str, Named]] = []
        for path in sorted(folder.glob("*.xml")):
            story = f"{topic}_{'ecbplus' if path.stem.endswith('plus') else 'ecb'}"
            _, mentions = _ecb_doc(path)
            ids = index.resolve(path.stem, [m for m, _, _ in mentions], story)
            seen: set[tuple[str, str]] = set()
            for (m, chain, local), eid in zip(mentions, ids, strict=True):
                if (m.text, local) not in seen:
                    seen.add((m.text, local))
                    named.append((story, Named(path.stem, m.text, chain, local, eid)))
        # A one-word mention is scored only as a surname: the last word of a fuller name of its chain
        # ("Reid" of "Tara Reid"). This drops first names ("Matt"), never linked by design, and
        # capitalised descriptions ("Polygamist", "Prophet"). They are still fed to the index.
        full = [n for _, n in named if len(name_key(n.text).split()) > 1]
        surnames = {(c, name_key(n.text).split()[-1]) for n in full for c in (n.chain, n.local)}
        named = [
            (s, n) for s, n in named if len(name_key(n.text).split()) > 1 or (n.local, name_key(n.text)) in surnames
        ]
        merged |= index.merged()  # surname-only entities folded into a full name later in the story
        for _, n in named:
            while n.entity in merged:
                n.entity = merged[n.entity]
        for (story_a, a), (story_b, b) in combinations(named, 2):
            if a.text == b.text:
                continue
            same_doc = a.doc == b.doc
            if not same_doc and (a.chain is None or b.chain is None):
                continue  # no cross-document gold for a mention the annotators linked only locally
            gold = a.local == b.local if same_doc else a.chain == b.chain
            if not gold and not _hard(a.text, b.text):
                continue
            setting = "article" if same_doc else ("story" if story_a == story_b else "topic")
            out.append((f"ecb-{setting}-{_shape(a.text, b.text, gold)}", gold, a.entity == b.entity))
    return out


def _hard(a: str, b: str) -> bool:
    """A negative worth scoring: the names share a word or one is nearly the other."""
    ka, kb = set(name_key(a).split()), set(name_key(b).split())
    return bool(ka & kb) or name_key(a)[:4] == name_key(b)[:4]


def _shape(a: str, b: str, gold: bool) -> str:
    ga, gb = split_key(name_key(a))[0], split_key(name_key(b))[0]
    if not gold:
        return "namesake"
    return "bare" if not ga or not gb else "full"


# -- hand-labelled pairs --------------------------------------------------------------------------


def labelled_pairs() -> list[tuple[str, bool, bool]]:
    rows = [r for r in csv.DictReader(_rows(PAIRS), delimiter="\t")]
    out = []
    for row in rows:
        label = GPE if row["kind"] == "place" else PERSON
        (ta, ha), (tb, hb) = split_title(row["a"]), split_title(row["b"])
        ma = Mention(0, len(ta), ta, label, ha, 0)
        mb = Mention(len(ta) + 10, len(ta) + 10 + len(tb), tb, label, hb, 1)
        index = EntityIndex()
        if row["setting"] == "article":
            ids = index.resolve("a", [ma, mb], "s")
        else:
            story = "s" if row["setting"] == "story" else None
            ids = index.resolve("a", [ma], story) + index.resolve("b", [mb], story)
            ids = [index.merged().get(i, i) if n == 0 else i for n, i in enumerate(ids)]
        out.append((f"tsv-{row['kind']}", row["same"] == "1", ids[0] == ids[1]))
    return out


def _rows(path: Path) -> list[str]:
    return [line for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")]


# -- scoring --------------------------------------------------------------------------------------


def score(pairs: list[tuple[str, bool, bool]]) -> dict[str, float]:
    tp = sum(1 for _, g, p in pairs if g and p)
    fp = sum(1 for _, g, p in pairs if p and not g)
    fn = sum(1 for _, g, p in pairs if g and not p)
    return {
        "pairs": float(len(pairs)),
        "positives": float(tp + fn),
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "false_merges": float(fp),
        "missed": float(fn),
    }


def table(pairs: list[tuple[str, bool, bool]]) -> None:
    groups: dict[str, list[tuple[str, bool, bool]]] = defaultdict(list)
    for p in pairs:
        groups[p[0]].append(p)
        groups[p[0].split("-")[0] + " (all)"].append(p)
    print(f"{'kind':38} {'pairs':>6} {'pos':>5} {'prec':>7} {'recall':>7} {'FP':>4} {'FN':>4}")
    for kind in [*sorted(groups), "ALL"]:
        s = score(pairs if kind == "ALL" else groups[kind])
        print(
            f"{kind:38} {s['pairs']:6.0f} {s['positives']:5.0f} {s['precision']:7.3f} {s['recall']:7.3f}"
            f" {s['false_merges']:4.0f} {s['missed']:4.0f}"
        )


def quick_metrics() -> dict[str, float]:
    """Precision and recall on the quick subset (ECB+ topics 36-40 and every hand-labelled pair)."""
    data = data_dir()
    pairs = labelled_pairs() + (ecb_pairs(data, QUICK_TOPICS) if data else [])
    return score(pairs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="ECB+ topics 36-40 only")
    parser.add_argument("--split", choices=("train", "test"), default="test", help="ECB+ topics 1-35 or 36-45")
    args = parser.parse_args()
    data = data_dir()
    if data is None or not (data / "ecbplus").is_dir():
        print("entities: no data (set STORYLINE_DATA or put ../shared/data next to the project); skipped")
        return 0
    topics = QUICK_TOPICS if args.quick else (range(1, 36) if args.split == "train" else range(36, 46))
    pairs = labelled_pairs() + ecb_pairs(data, topics)
    table(pairs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
