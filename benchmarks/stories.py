"""Story clustering against labelled events: ECB+, BASIL and Timeline17.

    python benchmarks/stories.py                 # all three, full size
    python benchmarks/stories.py --quick         # the fast subset CI checks against floors
    python benchmarks/stories.py --only ecbplus --split train   # tuning split (topics 1-35)
    python benchmarks/stories.py --quick --embeddings both      # without, then with sentence embeddings

Each dataset is fed through the real pipeline (ingest -> analyze -> corpus) into
a fresh store, as JSONL, in the order a stream would deliver it:

- **ECB+** (topics 36-45 reported, 1-35 for tuning): the URL sentence that opens
  each "plus" document and its date line are stripped and file names hidden
  (both give the answer away). No dates, so the order is a fixed shuffle.
  Gold = the topic's seminal event (ecb / ecbplus).
- **BASIL**: 300 articles, 100 events x 3 outlets, dated, streamed in date order.
- **Timeline17**: 4,650 dated articles of 9 topics; stories must nest in topics
  (purity: a story never mixes two topics).

Scores: pairwise P/R/F1 over document pairs, B-cubed P/R/F1, and purity, for each
level: the events the online clusterer forms and the stories that chain them.

`--embeddings off|on|both` sets STORYLINE_EMBEDDINGS for the run (default: as the
environment has it, i.e. on when the `embeddings` extra is installed).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from labelled import data_dir  # noqa: E402
from storyline import registry  # noqa: E402
from storyline.analyze.signals import embeddings  # noqa: E402
from storyline.ingest.pipeline import ingest  # noqa: E402
from storyline.store.sqlite import Store  # noqa: E402

Doc = tuple[str, str, dict[str, object]]  # gold label, group (topic), JSONL record


def ecbplus(data: Path, split: str) -> list[Doc]:
    topics = range(1, 36) if split == "train" else range(36, 46)
    docs: list[Doc] = []
    for line in (data / "ecbplus" / "ecbplus_docs.jsonl").open(encoding="utf-8"):
        d = json.loads(line)
        if d["topic"] not in topics:
            continue
        sentences = d["sentences"]
        if d["subtopic"] == "ecbplus":
            sentences = sentences[1:]  # the tokenized source URL
            if len(sentences) > 1 and re.search(r"\b(19|20)\d\d\b", sentences[1]) and len(sentences[1]) < 60:
                sentences = [sentences[0], *sentences[2:]]  # the date line
        text = "\n\n".join(detokenize(s) for s in sentences)
        docs.append((d["event_id"], str(d["topic"]), {"text": text}))
    random.Random(13).shuffle(docs)
    return docs


def basil(data: Path) -> list[Doc]:
    docs: list[Doc] = []
    for line in (data / "basil" / "basil_articles.jsonl").open(encoding="utf-8"):
        d = json.loads(line)
        record = {"text": d["text"], "title": d["title"], "published": d["date"]}
        docs.append((d["event_id"], d["event_id"], record))
    docs.sort(key=lambda doc: str(doc[2]["published"]))
    return docs


def timeline17_collection(folder: Path) -> list[dict[str, str]]:
    """One Timeline17 collection's articles, detokenized: {"id", "text", "published"}, in file order."""
    records = []
    with gzip.open(folder / "articles.tokenized.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            d = json.loads(line)
            text = "\n".join(detokenize(s) for s in d["text"].split("\n"))
            records.append({"id": str(d["id"]), "text": text, "published": d["time"][:10]})
    return records


def timeline17(data: Path, limit: int | None) -> list[Doc]:
    docs: list[Doc] = []
    for folder in sorted((data / "tls-t17" / "Timeline17").iterdir()):
        topic = folder.name.split("_")[0]
        for record in timeline17_collection(folder):
            docs.append((topic, topic, {"text": record["text"], "published": record["published"]}))
    docs.sort(key=lambda doc: str(doc[2]["published"]))
    if limit:
        docs = random.Random(7).sample(docs, min(limit, len(docs)))
        docs.sort(key=lambda doc: str(doc[2]["published"]))
    return docs


_DETOK = [
    (re.compile(r"-LRB-"), "("),
    (re.compile(r"-RRB-"), ")"),
    (re.compile(r"-LSB-"), "["),
    (re.compile(r"-RSB-"), "]"),
    (re.compile(r"`\s?`\s*"), '"'),
    (re.compile(r"\s*''"), '"'),
    (re.compile(r"\s+([.,;:!?%)\]])"), r"\1"),
    (re.compile(r"([(\[$])\s+"), r"\1"),
    (re.compile(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b"), r"\1"),
]


def detokenize(text: str) -> str:
    """PTB tokens back to text (-LRB- to "(", `` and '' to quotes, no space before punctuation)."""
    for pattern, replacement in _DETOK:
        text = pattern.sub(replacement, text)
    return text.strip()


LEVELS = ("events", "stories")


def assignments(store: Store) -> dict[str, dict[str, int]]:
    """{level: {input source ("path:line"): event or story id}}: every input line the store
    read, a duplicate body (one article seen twice) under each of its sources."""
    sighted = store.db.execute("SELECT source, article_id FROM sightings").fetchall()
    out: dict[str, dict[str, int]] = {}
    for level, sql in (
        ("events", "SELECT article_id, event_id FROM event_articles"),
        (
            "stories",
            "SELECT ea.article_id, se.story_id FROM event_articles ea JOIN story_events se USING (event_id)",
        ),
    ):
        group_of = dict(store.db.execute(sql).fetchall())
        out[level] = {source: group_of[article] for source, article in sighted if article in group_of}
    return out


def cluster(docs: list[Doc], workdir: Path, jobs: int) -> tuple[dict[str, list[int]], float]:
    """Run the real pipeline; return each document's event and story id per level, and the
    seconds taken."""
    path = workdir / "in.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n, (_, _, record) in enumerate(docs):
            out.write(json.dumps(record | {"url": f"https://bench.example/{n}"}) + "\n")
    db = workdir / "bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    with Store(db) as store:
        ingest([str(path)], store, jobs=jobs)
        registry.update(store, jobs=jobs, read=False)  # stories need no spaCy
        found = assignments(store)
    seconds = time.perf_counter() - started
    # a rejected line (no text) is a group of its own: it cannot be grouped, and it is not hidden
    return {
        level: [groups.get(f"{path}:{n + 1}", -(n + 1)) for n in range(len(docs))] for level, groups in found.items()
    }, seconds


def pairwise(gold: list[str], predicted: list[int]) -> tuple[float, float, float]:
    def pairs(labels: list[object]) -> set[tuple[int, int]]:
        groups: dict[object, list[int]] = defaultdict(list)
        for i, label in enumerate(labels):
            groups[label].append(i)
        return {p for members in groups.values() for p in combinations(members, 2)}

    g, p = pairs(list(gold)), pairs(list(predicted))
    precision = len(g & p) / len(p) if p else 1.0
    recall = len(g & p) / len(g) if g else 1.0
    return precision, recall, _f1(precision, recall)


def bcubed(gold: list[str], predicted: list[int]) -> tuple[float, float, float]:
    gold_sets: dict[str, set[int]] = defaultdict(set)
    pred_sets: dict[int, set[int]] = defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        gold_sets[g].add(i)
        pred_sets[p].add(i)
    precision = recall = 0.0
    for g, p in zip(gold, predicted, strict=True):
        overlap = len(gold_sets[g] & pred_sets[p])
        precision += overlap / len(pred_sets[p])
        recall += overlap / len(gold_sets[g])
    n = len(gold)
    return precision / n, recall / n, _f1(precision / n, recall / n)


def purity(groups: list[str], predicted: list[int]) -> float:
    """Share of documents whose story's majority topic is their own topic."""
    members: dict[int, Counter[str]] = defaultdict(Counter)
    for g, p in zip(groups, predicted, strict=True):
        members[p][g] += 1
    return sum(c.most_common(1)[0][1] for c in members.values()) / len(groups)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(name: str, docs: list[Doc], jobs: int) -> dict[str, dict[str, object]]:
    """{level: the scores of that level} for one dataset run through the pipeline once."""
    with tempfile.TemporaryDirectory(prefix="storyline-stories-") as tmp:
        predicted, seconds = cluster(docs, Path(tmp), jobs)
    gold = [d[0] for d in docs]
    groups = [d[1] for d in docs]
    return {level: score(name, gold, groups, found) | {"seconds": seconds} for level, found in predicted.items()}


def score(name: str, gold: list[str], groups: list[str], predicted: list[int]) -> dict[str, object]:
    pp, pr, pf = pairwise(gold, predicted)
    bp, br, bf = bcubed(gold, predicted)
    return {
        "dataset": name,
        "docs": len(gold),
        "gold": len(set(gold)),
        "stories": len(set(predicted)),
        "pair_p": pp,
        "pair_r": pr,
        "pair_f1": pf,
        "b3_p": bp,
        "b3_r": br,
        "b3_f1": bf,
        "purity": purity(groups, predicted),
    }


def datasets(data: Path, only: str | None, split: str, quick: bool) -> Iterator[tuple[str, list[Doc]]]:
    if only in (None, "ecbplus"):
        yield f"ECB+ {'1-35' if split == 'train' else '36-45'}", ecbplus(data, split)
    if only in (None, "basil"):
        yield "BASIL", basil(data)
    if only in (None, "t17"):
        yield "T17" + (" (800 sample)" if quick else ""), timeline17(data, 800 if quick else None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["ecbplus", "basil", "t17"])
    parser.add_argument("--split", choices=["train", "test"], default="test", help="ECB+ topics 1-35 or 36-45")
    parser.add_argument("--quick", action="store_true", help="a subset for CI (T17 sampled)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument(
        "--embeddings", choices=["off", "on", "both"], help="sentence embeddings (the extra) off, on, or each in turn"
    )
    args = parser.parse_args()
    data = data_dir()
    if data is None:
        print("skipped: labelled data not found (../shared/data or $STORYLINE_DATA)")
        return 0
    modes = {None: [None], "off": ["0"], "on": ["1"], "both": ["0", "1"]}[args.embeddings]
    rows: list[dict[str, object]] = []
    for mode in modes:
        if mode is not None:
            os.environ["STORYLINE_EMBEDDINGS"] = mode
        suffix = " +emb" if args.embeddings == "both" and mode == "1" else ""
        for name, docs in datasets(data, args.only, args.split, args.quick):
            for level, row in evaluate(name, docs, args.jobs).items():
                rows.append(row | {"dataset": name + suffix, "level": level, "embeddings": embeddings.available()})
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    header = f"{'dataset':<22}{'level':<9}{'docs':>6}{'gold':>6}{'pred':>6}{'pair P':>8}{'pair R':>8}{'pair F1':>9}"
    header += f"{'B3 P':>7}{'B3 R':>7}{'B3 F1':>7}{'purity':>8}{'sec':>7}"
    print(header)
    for r in rows:
        print(
            f"{r['dataset']:<22}{r['level']:<9}{r['docs']:>6}{r['gold']:>6}{r['stories']:>6}{r['pair_p']:>8.3f}{r['pair_r']:>8.3f}"
            f"{r['pair_f1']:>9.3f}{r['b3_p']:>7.3f}{r['b3_r']:>7.3f}{r['b3_f1']:>7.3f}{r['purity']:>8.3f}"
            f"{r['seconds']:>7.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
