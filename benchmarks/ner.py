"""Actor NER on ECB+'s annotated entity mentions: raw spaCy against `actors.find_mentions`.

ECB+ marks the people, organisations and places taking part in each seminal event. Only the
*named* ones (a capitalized token, no pronoun) are compared, and only in the sentences the
corpus annotated; ECB+ leaves out entities outside its event chains, so precision is a
lower bound. Topics 1-35 are for tuning, 36-45 for the report.

    python benchmarks/ner.py [--quick] [--split tune|test]
"""

from __future__ import annotations

import argparse
import csv
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from spacy.tokens import Doc

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from labelled import data_dir  # noqa: E402
from storyline.analyze import nlp  # noqa: E402
from storyline.analyze.actors.mentions import find_mentions  # noqa: E402
from storyline.records import ACTOR_LABELS  # noqa: E402

# ECB+ type -> the labels that count as the same kind of actor
TYPES: dict[str, frozenset[str]] = {
    "HUMAN_PART_PER": frozenset({"PERSON"}),
    "HUMAN_PART_ORG": frozenset({"ORG"}),
    "HUMAN_PART_GPE": frozenset({"GPE", "NORP", "ORG"}),
    "LOC_GEO": frozenset({"GPE", "LOC"}),
    "LOC_FAC": frozenset({"FAC", "ORG", "GPE", "LOC"}),
}
_PRONOUNS = frozenset(
    ["i", "you", "he", "she", "it", "we", "they", "him", "her", "them", "his", "its", "their", "us", "me", "who"]
)
Span = tuple[int, int, str]  # char start, end, label or ECB+ type


def load(data: Path, topics: range, limit: int | None = None) -> list[tuple[str, list[Span], list[tuple[int, int]]]]:
    """(text, gold named mentions, annotated sentence ranges) per document."""
    annotated: set[tuple[str, str, int]] = set()
    with (data / "ecbplus" / "ECBplus_coreference_sentences.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            annotated.add((row["Topic"], row["File"], int(row["Sentence Number"])))
    out = []
    for topic in topics:
        folder = data / "ecbplus" / "ECB+" / str(topic)
        if not folder.is_dir():
            continue
        files = sorted(folder.glob("*.xml"))[:limit]
        for path in files:
            out.append(_document(path, str(topic), annotated))
    return out


def _document(
    path: Path, topic: str, annotated: set[tuple[str, str, int]]
) -> tuple[str, list[Span], list[tuple[int, int]]]:
    root = ET.parse(path).getroot()
    name = path.stem.split("_", 1)[1]
    plus = name.endswith("ecbplus")
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    sentences: dict[int, list[int]] = {}
    pos, last = 0, None
    for tok in root.iter("token"):
        sent = int(tok.get("sentence", "0"))
        if plus and sent == 0:
            continue  # the source URL
        if last is not None and sent != last:
            parts.append("\n")
            pos += 1
        elif parts:
            parts.append(" ")
            pos += 1
        text = tok.text or ""
        offsets[tok.get("t_id", "")] = (pos, pos + len(text))
        sentences.setdefault(sent, [pos, pos])[1] = pos + len(text)
        parts.append(text)
        pos += len(text)
        last = sent
    text = "".join(parts)
    ranges = [(a, b) for s, (a, b) in sentences.items() if (topic, name, s) in annotated]
    gold: list[Span] = []
    markables = root.find("Markables")
    for m in markables if markables is not None else []:
        if m.tag not in TYPES:
            continue
        ids = [a.get("t_id", "") for a in m.findall("token_anchor")]
        spans = [offsets[i] for i in ids if i in offsets]
        if not spans:
            continue
        start, end = spans[0][0], spans[-1][1]
        words = text[start:end].split()
        while words and words[0].lower() in ("the", "a", "an"):
            start += len(words[0]) + 1
            words = words[1:]
        if not words or words[0].lower() in _PRONOUNS or not any(w[:1].isupper() for w in words):
            continue
        if all(w[:1].isupper() for w in words[:1]) and "\n" not in text[start:end]:
            gold.append((start, end, m.tag))
    return text, gold, ranges


def raw_spacy(doc: Doc) -> list[Span]:
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in ACTOR_LABELS]


def fixed(doc: Doc) -> list[Span]:
    return [(m.start, m.end, m.label) for m in find_mentions(doc)]


def score(
    docs: list[tuple[str, list[Span], list[tuple[int, int]]]], system: Callable[[Doc], list[Span]]
) -> dict[str, float]:
    """Mention P/R/F1 (overlap, one-to-one) and type accuracy on matched mentions."""
    tp = fp = fn = typed = 0
    parsed = nlp.load().pipe(text for text, _, _ in docs)
    for (_, gold, ranges), doc in zip(docs, parsed, strict=True):
        pred = [p for p in system(doc) if any(a <= p[0] < b for a, b in ranges)]
        gold_in = [g for g in gold if any(a <= g[0] < b for a, b in ranges)]
        used: set[int] = set()
        for g in gold_in:
            match = next((k for k, p in enumerate(pred) if k not in used and p[0] < g[1] and g[0] < p[1]), None)
            if match is None:
                fn += 1
                continue
            used.add(match)
            tp += 1
            typed += pred[match][2] in TYPES[g[2]]
        fp += len(pred) - len(used)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "type_accuracy": typed / tp if tp else 0.0,
        "gold": float(tp + fn),
    }


def quick_metrics() -> dict[str, float] | None:
    """Fixed-output metrics on the quick test subset (for a CI floor); None without the data."""
    data = data_dir()
    if data is None or not (data / "ecbplus").is_dir():
        return None
    return score(load(data, range(36, 46), limit=4), fixed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="4 documents per topic")
    parser.add_argument("--split", choices=("tune", "test"), default="test")
    args = parser.parse_args()
    data = data_dir()
    if data is None or not (data / "ecbplus").is_dir():
        print("ECB+ not found (set STORYLINE_DATA): skipped")
        return
    topics = range(1, 36) if args.split == "tune" else range(36, 46)
    docs = load(data, topics, limit=4 if args.quick else None)
    print(f"ECB+ topics {topics.start}-{topics.stop - 1}: {len(docs)} documents")
    print(f"{'system':<10} {'P':>6} {'R':>6} {'F1':>6} {'type acc':>9} {'gold':>6}")
    for name, system in (("spacy", raw_spacy), ("actors", fixed)):
        m = score(docs, system)
        figures = f"{m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {m['type_accuracy']:9.3f}"
        print(f"{name:<10} {figures} {int(m['gold']):6d}")


if __name__ == "__main__":
    main()
