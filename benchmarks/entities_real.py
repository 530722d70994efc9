"""Canonical entities on real news: a hand-checked sample of BASIL's entities, rescored.

    python benchmarks/entities_real.py                # 200 BASIL articles, score against the TSVs
    python benchmarks/entities_real.py --quick        # the CI subset (first 60 articles)
    python benchmarks/entities_real.py --draw 80      # draw a fresh sample to label (prints TSV rows)

The store is rebuilt through the real pipeline (ingest -> read -> stories -> entities) from the
first BASIL articles in date order (US political news, 2010-2019, three outlets per event).

**The sample** (`entities_real.tsv`) was drawn once, with `--draw 80 --seed 11` on the store of
base commit 5e9420e, and each entity was checked by hand by reading its mentions in context.
A row is anchored on one mention (article, start offset, text), not on an entity id, so the same
row can be found again after the rules change what the entities are. Each row says what the
mention really names: `gold_name` (the right span, empty when it names no entity) and
`gold_type` (alternatives that are both right split by "|": "IRS|Internal Revenue Service",
"ORG|FAC"); `verdict` and `reason` record what was wrong with the base entity (right / wrong
name span / wrong type / should be merged with X / not an entity). `same_as` lists anchors of
other mentions (article:start:end) that name the same person and were separate entities at base.

Scores, from the entity now holding each anchored mention:

- `precision`: the share of sampled rows whose entity has the gold name (same key) and type;
  a row that names no entity is right when its mention is gone (or not an entity any more);
- `split`: among sampled persons, the share still spread over more than one entity (the anchor
  and its `same_as` mentions do not all share one entity).

**The cross-story set** (`entities_real_groups.tsv`) lists alias groups of people BASIL names
in several stories (events): every anchored mention of a group must be one entity, and two groups
never one entity. `groups_split` is the share of groups spread over several entities.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import labelled as bench
from storyline import registry
from storyline.corpus.namekey import name_key
from storyline.ingest.pipeline import ingest
from storyline.store.sqlite import Store

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "entities_real.tsv"
GROUPS = HERE / "entities_real_groups.tsv"
SAMPLE_PAGES = HERE.parent / "examples" / "istanbul-talks"
FULL = 200
QUICK = 60


def url_of(article_id: str) -> str:
    """A stable address per BASIL article that does not show its event id to the system."""
    return "https://bench.example/" + hashlib.sha1(article_id.encode()).hexdigest()[:12]


def basil_records(data: Path, n: int) -> list[dict[str, object]]:
    lines = [json.loads(line) for line in (data / "basil" / "basil_articles.jsonl").open(encoding="utf-8")]
    lines.sort(key=lambda d: (d["date"], d["article_id"]))
    return [
        {"text": d["text"], "title": d["title"], "published": d["date"], "url": url_of(d["article_id"])}
        for d in lines[:n]
    ]


def build(records: Iterable[dict[str, object]], db: Path) -> None:
    """BASIL's articles, then the sample's five pages (2025: placed last), into one store."""
    path = db.with_suffix(".jsonl")
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record) + "\n")
    with Store(db) as store:
        ingest([str(path), str(SAMPLE_PAGES)], store, jobs=1)
        registry.update(store, jobs=1)


@dataclass
class Found:
    """The mention now at an anchor, and its entity."""

    text: str
    label: str
    entity: int | None
    name: str
    type: str


class View:
    """Mentions of a built store by (article url, offset)."""

    def __init__(self, db: Path) -> None:
        with Store(db) as store:
            rows = store.db.execute(
                "SELECT coalesce(a.url, ''), a.source, m.start, m.\"end\", m.text, m.label, m.entity_id, "
                "e.name, e.type "
                "FROM mentions m JOIN articles a ON a.id = m.article_id LEFT JOIN entities e ON e.id = m.entity_id"
            ).fetchall()
        self.by_article: dict[str, list[tuple[int, int, Found]]] = {}
        for address, source, start, end, text, label, eid, name, etype in rows:
            # a sample page is anchored by its file name, a BASIL article by its address
            url = address if address.startswith("https://bench.example/") else Path(source).name
            found = Found(text, label, eid, name or "", etype or "")
            self.by_article.setdefault(url, []).append((start, end, found))

    def at(self, url: str, start: int, length: int) -> Found | None:
        """The mention overlapping [start, start+length) in that article, the longest overlap first."""
        best: tuple[int, Found] | None = None
        for s, e, found in self.by_article.get(url, []):
            overlap = min(e, start + length) - max(s, start)
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, found)
        return best[1] if best else None


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle, delimiter="\t") if not row["url"].startswith("#")]


def _anchor(text: str) -> tuple[str, int, int]:
    """ "address:start:end" of a mention."""
    url, start, end = text.rsplit(":", 2)
    return url, int(start), int(end)


def score_sample(view: View, rows: list[dict[str, str]], show: bool = False) -> dict[str, float]:
    right = persons = split = 0
    scored = 0
    for row in rows:
        if row["url"] not in view.by_article:
            continue  # outside this (quick) store
        scored += 1
        found = view.at(row["url"], int(row["start"]), len(row["text"]))
        gold_name, gold_type = row["gold_name"], row["gold_type"]
        if not gold_name:
            right += found is None or found.entity is None
            if show and found is not None and found.entity is not None:
                print(f"not an entity, still: {row['text']!r} -> {found.name!r} {found.type}")
            continue
        names = {name_key(n) for n in gold_name.split("|")}
        if found is not None and name_key(found.name) in names and found.type in gold_type.split("|"):
            right += 1
        elif show:
            print(f"wrong: {row['text']!r} -> {found.name if found else None!r} {found.type if found else ''}")
        if gold_type == "PERSON":
            persons += 1
            ids = {found.entity if found else None}
            for anchor in filter(None, row["same_as"].split()):
                url, start, end = _anchor(anchor)
                if url in view.by_article:
                    other = view.at(url, start, end - start)
                    ids.add(other.entity if other else None)
            split += len(ids) > 1
            if show and len(ids) > 1:
                print(f"split: {row['text']!r}")
    return {
        "rows": float(scored),
        "precision": right / scored if scored else 0.0,
        "persons": float(persons),
        "split": split / persons if persons else 0.0,
    }


def score_groups(view: View, rows: list[dict[str, str]]) -> dict[str, float]:
    groups: dict[str, set[int | None]] = {}
    for row in rows:
        if row["url"] not in view.by_article:
            continue
        found = view.at(row["url"], int(row["start"]), len(row["text"]))
        groups.setdefault(row["group"], set()).add(found.entity if found else None)
    split = sum(len(ids) > 1 for ids in groups.values())
    owners: dict[int, set[str]] = {}
    for group, ids in groups.items():
        for eid in ids:
            if eid is not None:
                owners.setdefault(eid, set()).add(group)
    fused = sum(len(g) > 1 for g in owners.values())
    n = len(groups)
    return {"groups": float(n), "groups_split": split / n if n else 0.0, "groups_fused": float(fused)}


def draw(db: Path, n: int, seed: int) -> None:
    """Print n canonical entities drawn at random with their first mention, as unlabelled rows."""
    with Store(db) as store:
        entities = store.db.execute("SELECT id, name, type, mentions FROM entities ORDER BY id").fetchall()
        chosen = random.Random(seed).sample(entities, min(n, len(entities)))
        print("url\tstart\ttext\tlabel\tbase_name\tbase_type\tverdict\tgold_name\tgold_type\tsame_as\treason")
        for eid, name, etype, _ in sorted(chosen, key=lambda r: r[0]):
            url, start, text, label = store.db.execute(
                "SELECT a.url, m.start, m.text, m.label FROM mentions m JOIN articles a ON a.id = m.article_id "
                "WHERE m.entity_id = ? ORDER BY a.published, a.url, m.start LIMIT 1",
                (eid,),
            ).fetchone()
            print(f"{url}\t{start}\t{text}\t{label}\t{name}\t{etype}\t\t\t\t\t")


def evaluate(n: int, keep: Path | None = None, show: bool = False) -> dict[str, float]:
    data = bench.data_dir()
    if data is None or not (data / "basil").is_dir():
        return {}
    with tempfile.TemporaryDirectory(prefix="storyline-entities-real-") as tmp:
        db = (keep or Path(tmp) / "basil.db").resolve()
        if not db.exists():
            build(basil_records(data, n), db)
        view = View(db)
    out = score_sample(view, read_tsv(SAMPLE), show)
    if GROUPS.exists():
        out |= score_groups(view, read_tsv(GROUPS))
    return out


def quick_metrics() -> dict[str, float]:
    """The CI floor's subset: the first 60 BASIL articles, the sampled rows that fall in them."""
    found = evaluate(QUICK)
    if not found:
        return {}
    return {
        "precision": found["precision"],
        "unsplit": 1.0 - found["split"],
        "groups_unsplit": 1.0 - found.get("groups_split", 1.0),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help=f"the first {QUICK} articles (CI)")
    parser.add_argument("--articles", type=int, default=FULL)
    parser.add_argument("--keep", type=Path, help="build the store at this path (reused when it exists)")
    parser.add_argument("--draw", type=int, help="print this many entities drawn at random, to label")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--show", action="store_true", help="print the rows scored wrong")
    args = parser.parse_args(argv)
    data = bench.data_dir()
    if data is None:
        print("skipped: no labelled data (../shared/data or $STORYLINE_DATA)")
        return 0
    n = QUICK if args.quick else args.articles
    if args.draw:
        db = args.keep or Path(tempfile.mkdtemp(prefix="storyline-entities-real-")) / "basil.db"
        if not db.exists():
            build(basil_records(data, n), db)
        draw(db, args.draw, args.seed)
        return 0
    found = evaluate(n, args.keep, args.show)
    for metric, value in found.items():
        print(f"{metric:14} {value:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
