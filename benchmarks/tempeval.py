"""Temporal expressions against TempEval-3 (TimeML TIMEX3): finding, typing and resolving.

    python benchmarks/tempeval.py            # TBAQ training (TimeBank + AQUAINT) and the platinum test set
    python benchmarks/tempeval.py --quick    # platinum only (20 documents): the subset CI checks
    python benchmarks/tempeval.py --split train --errors 40   # show value errors on the tuning split

Input: the TEXT element of each document with its tags stripped (the platinum
TE3input files for the test set), anchored on the document's DCT; gold: the TIMEX3
tags of the annotated files, offsets computed by stripping the same tags, so both
sides agree. The creation-time TIMEX3 (the DCT, sometimes repeated inside TEXT) is
left out of the gold, and system expressions on it are ignored.

Scores as the official TE3 script: strict span P/R/F1 (same offsets), relaxed span
P/R/F1 (any overlap), and for type and value an attribute F1 over relaxed matches
(precision = correct / system expressions, recall = correct / gold expressions).
Rules are tuned on the training split only; the platinum row is the reported figure.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from labelled import data_dir  # noqa: E402
from storyline.analyze.dates.timex import find_time_expressions  # noqa: E402

TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>")
ATTR = re.compile(r'(\w+)="([^"]*)"')
TYPES = {"date": "DATE", "time": "TIME", "duration": "DURATION", "set": "SET"}


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    type: str
    value: str


@dataclass
class Document:
    name: str
    text: str
    anchor: date
    gold: list[Timex]
    ignore: list[tuple[int, int]]  # creation-time expressions inside TEXT


def read_tml(path: Path) -> tuple[str, date, list[Timex], list[tuple[int, int]]]:
    """Plain TEXT, DCT, TIMEX3 spans (without the DCT) and the DCT spans inside TEXT."""
    raw = path.read_text("utf-8")
    dct = re.search(r"<DCT>.*?value=\"(\d{4}-\d\d-\d\d)", raw, re.S)
    assert dct, path
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    assert body, path
    content = body.group(1)
    parts: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    gold: list[Timex] = []
    ignore: list[tuple[int, int]] = []
    pos = 0
    for m in TAG.finditer(content):
        chunk = html.unescape(content[pos : m.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name = m.group(1), m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(ATTR.findall(m.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            if attrs.get("functionInDocument") == "CREATION_TIME":
                ignore.append((start, length))
            else:
                gold.append(Timex(start, length, attrs.get("type", ""), attrs.get("value", "")))
            open_timex = None
    parts.append(html.unescape(content[pos:]))
    return "".join(parts), date.fromisoformat(dct.group(1)), gold, ignore


def _docid(path: Path) -> str:
    found = re.search(r"<DOCID>([^<]*)", path.read_text("utf-8"))
    return found.group(1).strip() if found else path.name


def load(split: str) -> list[Document]:
    data = data_dir()
    assert data is not None
    root = data / "tempeval3"
    docs: list[Document] = []
    if split == "platinum":
        inputs = {_docid(p): p for p in (root / "Evaluation" / "TE3-platinum-test").glob("*.TE3input")}
        for path in sorted((root / "Evaluation" / "te3-platinum").glob("*.tml")):
            text, anchor, gold, ignore = read_tml(path)
            source = inputs[_docid(path)]  # matched by DOCID: one input file name is misspelt
            input_text, input_anchor, _, _ = read_tml(source)
            assert input_text == text and input_anchor == anchor, path.name
            docs.append(Document(path.name, input_text, input_anchor, gold, ignore))
    else:
        for folder in ("TimeBank", "AQUAINT"):
            for path in sorted((root / "Training" / "TBAQ-cleaned" / folder).glob("*.tml")):
                text, anchor, gold, ignore = read_tml(path)
                docs.append(Document(path.name, text, anchor, gold, ignore))
    return docs


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _norm(value: str) -> str:
    return value.strip().upper()


def score(docs: list[Document], errors: list[str] | None = None) -> dict[str, float]:
    n_sys = n_gold = strict_p = strict_r = relaxed_p = relaxed_r = type_ok = value_ok = 0
    for doc in docs:
        system = [
            Timex(t.start, t.end, TYPES[t.kind], t.value)
            for t in find_time_expressions(doc.text, doc.anchor)
            if not any(_overlaps((t.start, t.end), span) for span in doc.ignore)
        ]
        n_sys += len(system)
        n_gold += len(doc.gold)
        gold_spans = {(g.start, g.end) for g in doc.gold}
        sys_spans = {(s.start, s.end) for s in system}
        strict_p += sum((s.start, s.end) in gold_spans for s in system)
        strict_r += sum((g.start, g.end) in sys_spans for g in doc.gold)
        matched_gold: set[int] = set()
        for s in system:
            hits = [i for i, g in enumerate(doc.gold) if _overlaps((s.start, s.end), (g.start, g.end))]
            if not hits:
                if errors is not None:
                    errors.append(f"FP  {doc.name}: {doc.text[s.start : s.end]!r} {s.type} {s.value}")
                continue
            relaxed_p += 1
            g = doc.gold[hits[0]]
            if hits[0] in matched_gold:
                continue  # one system expression per gold expression for the attributes
            matched_gold.add(hits[0])
            type_ok += s.type == g.type
            value_ok += _norm(s.value) == _norm(g.value)
            if errors is not None and _norm(s.value) != _norm(g.value):
                context = doc.text[max(0, g.start - 50) : g.end + 30].replace("\n", " ")
                errors.append(
                    f"VAL {doc.name}: gold {doc.text[g.start : g.end]!r} {g.type} {g.value} | "
                    f"sys {doc.text[s.start : s.end]!r} {s.type} {s.value} | dct {doc.anchor} | ...{context}..."
                )
        for g in doc.gold:
            if any(_overlaps((s.start, s.end), (g.start, g.end)) for s in system):
                relaxed_r += 1
            elif errors is not None:
                context = doc.text[max(0, g.start - 40) : g.end + 20].replace("\n", " ")
                errors.append(f"FN  {doc.name}: {doc.text[g.start : g.end]!r} {g.type} {g.value} | ...{context}...")
    return _metrics(n_sys, n_gold, strict_p, strict_r, relaxed_p, relaxed_r, type_ok, value_ok)


def _metrics(
    n_sys: int, n_gold: int, sp: int, sr: int, rp: int, rr: int, type_ok: int, value_ok: int
) -> dict[str, float]:
    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    out = {
        "system": float(n_sys),
        "gold": float(n_gold),
        "strict_p": ratio(sp, n_sys),
        "strict_r": ratio(sr, n_gold),
        "relaxed_p": ratio(rp, n_sys),
        "relaxed_r": ratio(rr, n_gold),
    }
    out["strict_f1"] = f1(out["strict_p"], out["strict_r"])
    out["relaxed_f1"] = f1(out["relaxed_p"], out["relaxed_r"])
    out["type_f1"] = f1(ratio(type_ok, n_sys), ratio(type_ok, n_gold))
    out["value_f1"] = f1(ratio(value_ok, n_sys), ratio(value_ok, n_gold))
    return out


def quick_metrics() -> dict[str, float]:
    """Scores on the platinum test set (20 documents), for the CI floor test."""
    return score(load("platinum"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="platinum test set only")
    parser.add_argument("--split", choices=("train", "platinum", "both"), default="both")
    parser.add_argument("--errors", type=int, default=0, help="print this many errors (of the last split)")
    args = parser.parse_args()
    if data_dir() is None or not (data_dir() / "tempeval3").is_dir():  # type: ignore[operator]
        print("tempeval: no data (set STORYLINE_DATA or put tempeval3 in ../shared/data); skipped")
        return 0
    splits = ["platinum"] if args.quick else (["train", "platinum"] if args.split == "both" else [args.split])
    print(
        f"{'split':<10}{'docs':>5}{'gold':>6}{'sys':>6}  {'strict P/R/F1':<18}  {'relaxed P/R/F1':<18}"
        f"  {'type F1':>7}  {'value F1':>8}"
    )
    errors: list[str] = []
    for split in splits:
        docs = load(split)
        errors = []
        m = score(docs, errors if args.errors else None)
        label = "TBAQ train" if split == "train" else "platinum"
        print(
            f"{label:<10}{len(docs):>5}{int(m['gold']):>6}{int(m['system']):>6}  "
            f"{m['strict_p']:.3f}/{m['strict_r']:.3f}/{m['strict_f1']:.3f}  "
            f"{m['relaxed_p']:.3f}/{m['relaxed_r']:.3f}/{m['relaxed_f1']:.3f}  "
            f"{m['type_f1']:>7.3f}  {m['value_f1']:>8.3f}"
        )
    for line in errors[: args.errors]:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
