"""Timeline summarization on Timeline17 (issue 13): Storyline's timelines against the 19 gold ones.

    python benchmarks/timeline.py                  # all 17 collections, 19 gold timelines
    python benchmarks/timeline.py --quick          # H1N1_guardian, MJ_bbc, H1N1_bbc
    python benchmarks/timeline.py --topics MJ_bbc,haiti_bbc --rebuild

Protocol, as news-tls (Ghalandari & Ifrim 2020, `experiments/evaluate.py`) runs Timeline17:

- the input of a gold timeline is the collection's articles *published* within the gold
  timeline's first and last date (`data.get_input_time_span`, extension 0 for T17; the gold
  timeline itself is not truncated, news-tls truncates only for its "entities" set), and the
  system's dates are kept within that span (`datewise.py`: `start <= d <= end`);
- the system gets the gold number of dates and the gold mean sentences per date,
  `round()`ed as Python rounds (`data.get_average_summary_length`), at least 1 here;
- figures (tls_metrics.py): date selection F1, alignment-based ROUGE-1/2 F1 (align+ m:1),
  concat ROUGE-1/2 F1; the average is F1 of the mean precision and mean recall over the 19.

Each input goes through the library: the detokenized articles are written as JSONL
(`text`, `published` = the article's `time`, `outlet` from the collection name, a made-up
`url`) and read by `storyline.service.pipeline.ingest_and_update(..., jobs=2)` into a fresh
SQLite store, cached under $STORYLINE_TLS_CACHE (default: <tmp>/storyline-tls-cache) keyed by
collection, span and a hash of src/storyline, so re-running the scoring is quick; `--rebuild`
ignores the cache.

Systems (one row each):

- `storyline`: `storyline.service.timeline.timeline(store)` when it exists; its day-precision
  entries within the span, dates ranked by the evidence behind them (the sum over the date's
  entries of their sources, independent sources breaking ties), per date the entries with most
  sources, their `text`;
- `baseline`: DATEWISE-like, from the store's `sentences` table (each sentence's resolved
  date): days ranked by how many distinct articles have a sentence reporting that day; per day
  the sentences nearest (cosine, TF-IDF bag of words) to the centroid of that day's sentences,
  a near-copy of one already taken skipped.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import math
import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import tls_metrics as metrics  # noqa: E402
from labelled import data_dir  # noqa: E402
from stories import timeline17_collection  # noqa: E402
from storyline.service.pipeline import ingest_and_update  # noqa: E402
from storyline.store.sqlite import Store  # noqa: E402

QUICK = ("H1N1_guardian", "MJ_bbc", "H1N1_bbc")
OUTLETS = {
    "bbc": "BBC",
    "cnn": "CNN",
    "foxnews": "Fox News",
    "guardian": "The Guardian",
    "reuters": "Reuters",
    "washingtonpost": "The Washington Post",
}
# Ghalandari & Ifrim 2020 (ACL), Table 4 ("Results on the full TLS task"), T17 rows: AR1-F, AR2-F,
# Date-F1 (read from acl20-paper.pdf in github.com/complementizer/news-tls).
PUBLISHED = {
    "DATEWISE (paper)": {"date": 0.544, "ar1": 0.120, "ar2": 0.035},
    "CLUST (paper)": {"date": 0.407, "ar1": 0.082, "ar2": 0.020},
    "MARTSCHAT2018 (paper)": {"date": 0.544, "ar1": 0.105, "ar2": 0.030},
    "PUBCOUNT (paper)": {"date": 0.481, "ar1": 0.105, "ar2": 0.027},
}
FIGURES = ("date", "ar1", "ar2", "concat1", "concat2")

Day = dict[date, list[str]]


@dataclass
class Task:
    collection: str
    index: int  # which gold timeline of the collection
    gold: Day
    start: date
    end: date
    k_dates: int
    k_sents: int


@dataclass
class Built:
    path: Path
    articles: int
    seconds: float  # ingest + analysis, when it was built
    cached: bool = False


@dataclass
class Row:
    task: Task
    system: str
    scores: dict[str, metrics.PRF]
    seconds: float  # building the timeline from the store
    built: Built
    dates: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def folder_of(data: Path) -> Path:
    return data / "tls-t17" / "Timeline17"


def round_half_even_at_least_one(x: float) -> int:
    return max(1, round(x))


def tasks(data: Path, collections: Iterable[str]) -> list[Task]:
    out = []
    for name in collections:
        path = folder_of(data) / name / "timelines.jsonl"
        for index, line in enumerate(path.read_text("utf-8").splitlines()):
            if not line.strip():
                continue
            gold = {date.fromisoformat(d[:10]): [s.strip() for s in sents] for d, sents in json.loads(line)}
            days = sorted(gold)
            mean = sum(len(s) for s in gold.values()) / len(gold)
            out.append(Task(name, index, gold, days[0], days[-1], len(gold), round_half_even_at_least_one(mean)))
    return out


def source_hash() -> str:
    digest = hashlib.sha1()
    for path in sorted((ROOT / "src" / "storyline").rglob("*")):
        if (
            path.is_file()
            and path.suffix in (".py", ".json", ".txt", ".tsv", ".sql")
            and "__pycache__" not in path.parts
        ):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_root() -> Path:
    return Path(os.environ.get("STORYLINE_TLS_CACHE") or Path(tempfile.gettempdir()) / "storyline-tls-cache")


def build_store(data: Path, task: Task, rebuild: bool, jobs: int = 2, done: set[str] | None = None) -> Built:
    """The store of one task's input (its collection's articles within its span), cached;
    `rebuild` builds it again unless its key is in `done` (already rebuilt in this run)."""
    key = f"{task.collection}_{task.start}_{task.end}_{source_hash()}"
    rebuild = rebuild and key not in (done or set())
    if done is not None:
        done.add(key)
    folder = cache_root() / key
    db = folder / "store.db"
    records = [
        r
        for r in timeline17_collection(folder_of(data) / task.collection)
        if task.start.isoformat() <= r["published"] <= task.end.isoformat()
    ]
    if db.exists() and (folder / "done").exists() and not rebuild:
        return Built(db, len(records), float((folder / "done").read_text("utf-8")), cached=True)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    records.sort(key=lambda r: r["published"])  # the order a stream would bring them
    outlet = OUTLETS[task.collection.rsplit("_", 1)[1]]
    jsonl = folder / "articles.jsonl"
    with jsonl.open("w", encoding="utf-8") as out:
        for r in records:
            url = f"https://bench.example/t17/{task.collection}/{r['id']}"
            out.write(json.dumps({"text": r["text"], "published": r["published"], "outlet": outlet, "url": url}) + "\n")
    started = time.perf_counter()
    with Store(db) as store:
        ingest_and_update([str(jsonl)], store, jobs=jobs)
    seconds = time.perf_counter() - started
    (folder / "done").write_text(f"{seconds:.1f}\n", "utf-8")
    return Built(db, len(records), seconds)


# --- the Storyline system -----------------------------------------------------------------


def storyline_timeline() -> tuple[str, Callable[[Store], list[dict[str, Any]]]] | None:
    """How to read Storyline's timeline from a store, and what it is called: the service's
    `timeline(store)` (entries with `.as_dict()`) where it exists, else the timeline stage's
    stored entries (`store.timeline.entries()`, the same fields, `independent` for
    `independent_sources`); None when neither exists."""
    try:
        module = importlib.import_module("storyline.service.timeline")
        service: Callable[[Store], Iterable[Any]] = module.timeline
    except (ImportError, AttributeError):
        if not hasattr(Store, "timeline"):
            return None

        def stored(store: Store) -> list[dict[str, Any]]:
            tables: Any = store.timeline  # the stage's tables (a property of Store on main)
            rows = [e._asdict() for e in tables.entries()]
            return [row | {"independent_sources": row.get("independent", 0)} for row in rows]

        return "store.timeline.entries()", stored
    return "storyline.service.timeline.timeline(store)", lambda store: [e.as_dict() for e in service(store)]


def select_entries(entries: Iterable[dict[str, Any]], task: Task, days: dict[str, date] | None = None) -> Day:
    """The TLS selection from timeline entries (`as_dict()` form): k dates, k sentences each. With
    `days` (article -> its day), a date is ranked by the distinct articles that tell of it, those
    published after it counted twice (a happening recalled later mattered), else by its sources."""
    by_day: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        if entry.get("precision") != "day" or not entry.get("date") or not entry.get("text"):
            continue
        day = date.fromisoformat(str(entry["date"])[:10])
        if task.start <= day <= task.end:
            by_day[day].append(entry)

    def support(entry: dict[str, Any]) -> tuple[int, int]:
        return len(entry.get("sources") or []), int(entry.get("independent_sources") or 0)

    def weight(day: date) -> tuple[int, int, int]:
        found = [support(e) for e in by_day[day]]
        if days is not None:
            articles = {str(s["article"]) for e in by_day[day] for s in e.get("sources") or []}
            later = {a for a in articles if a in days and days[a] > day}
            return len(articles) + len(later), sum(s for s, _ in found), -day.toordinal()
        return sum(s for s, _ in found), sum(i for _, i in found), -day.toordinal()

    chosen = sorted(by_day, key=weight, reverse=True)[: task.k_dates]
    out: Day = {}
    for day in sorted(chosen):
        texts: list[str] = []
        for entry in sorted(by_day[day], key=support, reverse=True):
            text = str(entry["text"]).strip()
            if text and text not in texts:
                texts.append(text)
            if len(texts) == task.k_sents:
                break
        out[day] = texts
    return out


# --- the baseline -------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")


def dated_sentences(store: Store, task: Task) -> list[tuple[date, str, str]]:
    """(reported day, article id, text) of every sentence with a day-precise date in the span.

    A benchmark-only query on `store.db` (no store method lists sentences with their text and
    date): the `sentences` table's offsets into the article body."""
    rows = store.db.execute(
        'SELECT s.date, s.article_id, substr(a.body, s.start + 1, s."end" - s.start) '
        "FROM sentences s JOIN articles a ON a.id = s.article_id "
        "WHERE s.date IS NOT NULL AND length(s.date) = 10 AND s.date BETWEEN ? AND ? "
        "ORDER BY a.seq, s.idx",
        (task.start.isoformat(), task.end.isoformat()),
    ).fetchall()
    return [(date.fromisoformat(d), aid, " ".join(text.split())) for d, aid, text in rows]


def _vector(tokens: list[str], idf: dict[str, float]) -> dict[str, float]:
    tf = Counter(tokens)
    vec = {t: c * idf[t] for t, c in tf.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def article_days(store: Store) -> dict[str, date]:
    """article -> its day (printed, else inferred). Read from `store.db` here: a benchmark's query."""
    rows = store.db.execute(
        "SELECT a.id, COALESCE(CASE WHEN a.published_precision = 'day' THEN a.published END, d.day) "
        "FROM articles a LEFT JOIN date_anchors d ON d.article_id = a.id"
    )
    return {r[0]: date.fromisoformat(r[1][:10]) for r in rows if r[1]}


def baseline_timeline(store: Store, task: Task) -> Day:
    sentences = dated_sentences(store, task)
    tokens = [_WORD.findall(text.lower()) for _, _, text in sentences]
    df = Counter(t for toks in tokens for t in set(toks))
    idf = {t: math.log(len(sentences) / n) + 1 for t, n in df.items()}
    by_day: dict[date, list[int]] = defaultdict(list)
    for i, (day, _, _) in enumerate(sentences):
        if len(tokens[i]) >= 5:  # a fragment is no summary
            by_day[day].append(i)

    def weight(day: date) -> tuple[int, int, int]:
        return len({sentences[i][1] for i in by_day[day]}), len(by_day[day]), -day.toordinal()

    chosen = sorted(by_day, key=weight, reverse=True)[: task.k_dates]
    out: Day = {}
    for day in sorted(chosen):
        vectors = {i: _vector(tokens[i], idf) for i in by_day[day]}
        centroid: dict[str, float] = defaultdict(float)
        for vec in vectors.values():
            for t, v in vec.items():
                centroid[t] += v / len(vectors)
        picked: list[int] = []
        for i in sorted(vectors, key=lambda i: -_cosine(vectors[i], centroid)):
            if all(_cosine(vectors[i], vectors[j]) < 0.7 for j in picked):
                picked.append(i)
            if len(picked) == task.k_sents:
                break
        out[day] = [sentences[i][2] for i in picked]
    return out


# --- running and printing -----------------------------------------------------------------


def run(data: Path, collections: Iterable[str], rebuild: bool, log: Callable[[str], None] = print) -> list[Row]:
    rows: list[Row] = []
    _COLLECTIONS[:] = sorted(p.name for p in folder_of(data).iterdir() if p.is_dir())
    system = storyline_timeline()
    done: set[str] = set()
    for task in tasks(data, collections):
        built = build_store(data, task, rebuild, done=done)
        log(
            f"  {task.collection}#{task.index}: {built.articles} articles "
            + (
                f"(cached store, built in {built.seconds:.1f} s)"
                if built.cached
                else f"stored in {built.seconds:.1f} s"
            )
        )
        with Store(built.path, readonly=True) as store:
            started = time.perf_counter()
            pred = baseline_timeline(store, task)
            seconds = time.perf_counter() - started
            rows.append(Row(task, "baseline", metrics.evaluate(pred, task.gold), seconds, built, len(pred)))
            if system is not None:
                started = time.perf_counter()
                entries = system[1](store)
                seconds = time.perf_counter() - started
                pred = select_entries(entries, task)
                scores = metrics.evaluate(pred, task.gold)
                rows.append(Row(task, "storyline", scores, seconds, built, len(pred), {"entries": len(entries)}))
                pred = select_entries(entries, task, article_days(store))
                scores = metrics.evaluate(pred, task.gold)
                rows.append(Row(task, "storyline+later", scores, seconds, built, len(pred), {"entries": len(entries)}))
        for row in rows[-3 if system else -1 :]:
            log(f"    {row.system}: " + ", ".join(f"{fig} {row.scores[fig].f1:.3f}" for fig in FIGURES))
    return rows


def averages(rows: list[Row]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for name in dict.fromkeys(r.system for r in rows):
        mine = [r for r in rows if r.system == name]
        out[name] = {fig: metrics.average([r.scores[fig] for r in mine]).f1 for fig in FIGURES}
    return out


def table(rows: list[Row]) -> str:
    names = ("date F1", "AR-1 F1", "AR-2 F1", "cat-1 F1", "cat-2 F1")
    head = f"{'timeline':<24} {'system':<22} {'k':>4} {'sents':>5} {'dates':>5} " + " ".join(f"{n:>8}" for n in names)
    head += f" {'tl s':>6}"
    lines = [head, "-" * len(head)]
    for r in rows:
        s = r.scores
        lines.append(
            f"{r.task.collection + '#' + str(r.task.index):<24} {r.system:<22} "
            + f"{r.task.k_dates:>4} {r.task.k_sents:>5} {r.dates:>5} "
            + " ".join(f"{s[fig].f1:>8.3f}" for fig in FIGURES)
            + f" {r.seconds:>6.2f}"
        )
    lines.append("-" * len(head))
    n = len({(r.task.collection, r.task.index) for r in rows})
    halves = [(f"average of {n}", rows)]
    if n > len(QUICK):
        halves += [
            (
                f"half {half} ({'tuning' if half == 'A' else 'held out'})",
                [r for r in rows if tuning(r.task) == (half == "A")],
            )
            for half in "AB"
        ]
    for label, subset in halves:
        for name, avg in averages(subset).items():
            lines.append(
                f"{label:<24} {name:<22} {'':>4} {'':>5} {'':>5} " + " ".join(f"{avg[fig]:>8.3f}" for fig in FIGURES)
            )
    for name, pub in PUBLISHED.items():
        lines.append(
            f"{'T17, 19 timelines':<24} {name:<22} {'':>4} {'':>5} {'':>5} "
            + " ".join(f"{pub[fig]:>8.3f}" if fig in pub else f"{'-':>8}" for fig in FIGURES)
        )
    return "\n".join(lines)


def tuning(task: Task) -> bool:
    """Half A of the 19 timelines (every other collection, by name): where a selector is chosen; half B
    is held out. `SyrianCrisis_reuters`' three timelines stay together."""
    return _COLLECTIONS.index(task.collection) % 2 == 0 if task.collection in _COLLECTIONS else True


_COLLECTIONS: list[str] = []


def timings(rows: list[Row]) -> str:
    stores: dict[Path, Built] = {r.built.path: r.built for r in rows}
    articles = sum(b.articles for b in stores.values())
    seconds = sum(b.seconds for b in stores.values())
    cached = sum(b.cached for b in stores.values())
    lines = [
        f"stores: {len(stores)} ({cached} from the cache, timed when built), {articles} articles in {seconds:.1f} s "
        + f"(ingest + analysis, jobs=2), {articles / seconds:.1f} articles/s"
    ]
    for name in dict.fromkeys(r.system for r in rows):
        mine = [r for r in rows if r.system == name]
        lines.append(f"{name}: timeline from the store {sum(r.seconds for r in mine):.2f} s over {len(mine)} timelines")
    return "\n".join(lines)


def evaluate(quick: bool = True) -> dict[str, float]:
    """The averaged figures (for a CI floor): {"<system>_<figure>": F1}; {} without the data."""
    data = data_dir()
    if data is None or not folder_of(data).is_dir():
        return {}
    names = QUICK if quick else sorted(p.name for p in folder_of(data).iterdir() if p.is_dir())
    rows = run(data, names, rebuild=False, log=lambda _: None)
    return {f"{name}_{fig}": value for name, avg in averages(rows).items() for fig, value in avg.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 small collections: " + ", ".join(QUICK))
    parser.add_argument("--topics", help="comma-separated collection names, e.g. MJ_bbc,haiti_bbc")
    parser.add_argument("--rebuild", action="store_true", help="build the stores again, not from the cache")
    args = parser.parse_args()
    data = data_dir()
    if data is None or not folder_of(data).is_dir():
        print("Timeline17 not found (set STORYLINE_DATA, or ../shared/data/tls-t17); skipped")
        return 0
    available = sorted(p.name for p in folder_of(data).iterdir() if p.is_dir())
    names = args.topics.split(",") if args.topics else list(QUICK) if args.quick else available
    unknown = [n for n in names if n not in available]
    if unknown:
        parser.error(f"unknown collection(s): {', '.join(unknown)}; known: {', '.join(available)}")
    system = storyline_timeline()
    print(
        f"Timeline17: {len(names)} collection(s); source {source_hash()}; cache {cache_root()}; "
        + (f"storyline row from {system[0]}" if system else "no Storyline timeline in this tree: baseline only")
    )
    rows = run(data, names, args.rebuild)
    print()
    print(table(rows))
    print()
    print(timings(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
