"""Corpus-stage speed at scale: copy detection + online story assignment with up to 100,000 articles stored.

    python benchmarks/corpus_speed.py                # N = 100,000, plus N/4 and N/2 (~20 min on 2 cores)
    python benchmarks/corpus_speed.py --quick        # N = 5,000, plus 1,250 and 2,500 (~1 min)
    python benchmarks/corpus_speed.py --n 40000 --profile   # any N; profile the largest run whatever the result

What is measured
----------------
For each N (N/4, N/2, N), the real pipeline in a fresh store in a temporary directory:

1. the articles are written as one JSONL file (text/title/published/url), not timed in the tables;
2. ingest: `storyline.ingest.pipeline.ingest([jsonl], store, jobs=2)`;
3. analysis: `storyline.registry.run_one(store, "features", jobs=2)` (the lexical features, in worker
   processes; the spaCy reading is not part of this stage's targets);
4. corpus: `storyline.corpus.stages.stories.place(store, pending)`, single process, one `_place` call per article (copy
   check against the LSH bands in the store, then event assignment against the in-memory EventIndex, story chaining).

The issue's targets are about the lexical path, so STORYLINE_EMBEDDINGS=0 is set for every step (no
sentence embeddings are computed or read, even with the `embeddings` extra installed); `--embeddings`
leaves the variable as the environment has it (analysis then embeds every article: much slower).

Steps 2-3 run in one subprocess and step 4 in another, so each has its own peak RSS. In the corpus
subprocess `storyline.corpus.stages.stories._place` is replaced (module attribute, before `run`) by a wrapper
that times every call with `perf_counter_ns`. Reported:

* corpus s / art/s: wall time of the whole `run()` (pending query, feature loading, flushes and commits
  included) and articles placed per second of it; "in _place" is the share of that time spent inside
  `_place` calls (the rest is `store.features.load` per chunk of 500, `index.flush()` and the commits).
* p50/p95/p99/max: latency of a `_place` call over all articles, and over the LAST 10% placed, when
  ~90% of the store is already placed: the issue's "p99 assignment latency with 100,000 articles stored".
* peak RSS: the kernel's high-water mark of the subprocess's resident set (VmHWM in /proc/self/status,
  read when it ends). `getrusage(RUSAGE_SELF).ru_maxrss` is shown too but is NOT the subprocess's own
  peak: Linux carries it over fork + exec, so it is at least the RSS this benchmark's parent process had
  when it started the subprocess (the real texts in memory). `getrusage(RUSAGE_CHILDREN).ru_maxrss` of
  the pipeline subprocess is 0: the pool workers are children of the forkserver, not of the pipeline
  process, and the forkserver is not reaped while the process runs; so the workers' own high-water
  marks (VmHWM of every descendant, read from /proc every 0.2 s while they live) are shown instead.
* RSS after each 10% of the corpus stage: VmRSS from /proc/self/status, read inside the wrapper.
* stories (rows of `stories`), copies (rows of `copies`), store MB (database + WAL files after close).
* cpu/wall of the corpus stage and "others": CPU the rest of the machine used meanwhile (busy time from
  /proc/stat minus the stage's own CPU), in cores. The machine has 2 cores and other processes may run:
  a corpus stage with cpu/wall well under 1.0 or others above ~0.3 was slowed down by them.

The targets of the issue are checked on the largest run: corpus stage >= 1,000 articles/s, p99 of the
last 10% < 50 ms, memory growing no faster than the article count (RSS gained during the corpus stage
per article placed must not grow from N/4 to N). When one is missed (or with --profile), the corpus
stage is run once more under pyinstrument on the largest store (corpus tables emptied first, so the
run replays the same placements) and the heaviest functions are printed.

How the N articles are made
---------------------------
Only real texts, read in place from the shared data folder (../shared/data or $STORYLINE_DATA, as in
benchmarks/stories.py; nothing is copied into the project), loaded with the loaders of
benchmarks/stories.py (same detokenizing, same ECB+ URL/date-line stripping):

* Timeline17: 4,650 articles (tls-t17/Timeline17/*/articles.tokenized.jsonl.gz), dated, no titles;
* BASIL: 300 articles (basil/basil_articles.jsonl), dated, with titles;
* ECB+: 982 documents (ecbplus/ecbplus_docs.jsonl) of 86 events (topic x ecb/ecbplus), undated. Each
  event is given a day drawn uniformly (seed 41) from 2009-01-01..2011-12-31 (where most T17 news is)
  and each document that day plus 0-2 days.

That real set (5,932 texts, 2005-01-04..2019-03-28) is replica 0. Replica r >= 1 is the same set as
another "world", built from it deterministically:

* names: every capitalized word of two letters or more that is not sentence-initial (not first in the
  text or a line, nor after . ! ? and closing quotes/brackets) and is not a stopword or an honorific
  ("The", "President" stay), and its sentence-initial occurrences in the same text, gets the replica's
  suffix: two lowercase letters, the base-26 digits of r * 263 mod 676 ("Obama" -> "Obamakd" in replica
  1; three letters from r = 676 on);
* other words: renaming the names alone is not enough (measured with the project's own copy detector:
  87-89% of replica-1 texts are then near-duplicates of their replica-0 original, since most 5-word
  shingles hold no name). So each replica also suffixes 60% of the other word types (3+ letters, not a
  stopword or honorific), drawn per replica by hashing "r:word" (blake2b), everywhere in its texts.
  Then 6 of the 5,932 replica-1 texts are still called copies of their original (4 garbled Vietnamese
  T17 pages, 2 short ECB+ quake reports); the median shingle containment between them is 0.13;
* dates: every date moves r * 400 days later, so the replicas of one text, or of one event, are never
  within a story's 4-day window of each other. The real data spans 14 years, more than 400 days, so
  replicas of *different* events do overlap in calendar time, as unrelated stories do in a real archive
  (a shift of a whole span per replica would not fit: the store takes years 1900-2100 only).

The renaming is consistent within a replica (a word type is renamed in every text of the replica or in
none), so each replica has the story structure of the real set, in its own vocabulary; a text keeps its
length and layout; titles are renamed like texts. N takes whole replicas in order and, from the last
one, a fixed sample (seed = replica number); the JSONL is in date order. Texts whose body is equal after
normalization are stored once, so "stored" may be a little under N.

Nothing fixes the number of stories: it is whatever the online clustering makes of these texts (the
issue expects about 10,000 stories for 100,000 articles; the table reports what comes out), and
"copies" counts what copy detection finds among them (real reprints in the data and replicas that the
renaming did not make different enough).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import stories as labelled  # noqa: E402  (benchmarks/stories.py: data_dir and the dataset loaders)
from storyline.analyze.signals.names import HONORIFICS  # noqa: E402
from storyline.text import stopwords  # noqa: E402

JOBS = 2
SHIFT_DAYS = 400
SUFFIX_STEP = 263  # coprime with 26: r -> r * 263 mod 26**k is a bijection
RENAMED_SHARE = 0.6  # of the other word types, renamed in a replica (names only: 89% of replicas are copies)
ECB_FIRST_DAY, ECB_DAYS = date(2009, 1, 1), 3 * 365
TARGET_RATE = 1_000.0  # articles/s, copies + story assignment
TARGET_P99_MS = 50.0  # p99 of the last 10% (store ~90% placed)
PROFILE_LINES = 30


# -- the articles -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """A text split around the words a replica may rename: literals[0] words[0] literals[1] ... literals[-1]."""

    text: str
    literals: tuple[str, ...]
    words: tuple[str, ...]
    keys: tuple[str, ...]  # "" for a name (always renamed), else the folded word (renamed if drawn)


@dataclass(frozen=True)
class RealText:
    text: Template
    title: Template | None
    day: date
    origin: str  # t17 | basil | ecb+


_CANDIDATE = re.compile(r"\b[^\W\d_]{2,}\b")
_OPENERS = "\"“‘'(["
_AFTER_SENTENCE = re.compile(r"(?:[.!?][\"”’')\]]*[ \t]+|\n\s*)[\"“‘'(\[]*\Z")


def _plain(lower: str) -> bool:
    """Neither a stopword nor an honorific: a word a replica may rename."""
    return lower not in stopwords() and lower not in HONORIFICS


def _sentence_initial(text: str, start: int) -> bool:
    """First in the text or a line, or after . ! ? (and closing quotes), opening quotes aside."""
    if start <= 12 and not text[:start].strip(" \t\n" + _OPENERS):
        return True
    return _AFTER_SENTENCE.search(text, max(0, start - 12), start) is not None


def template(text: str) -> Template:
    matches = list(_CANDIDATE.finditer(text))
    names = {
        m.group()
        for m in matches
        if m.group()[0].isupper() and _plain(m.group().lower()) and not _sentence_initial(text, m.start())
    }
    literals: list[str] = []
    words: list[str] = []
    keys: list[str] = []
    last = 0
    for m in matches:
        word, lower = m.group(), m.group().lower()
        if word in names:
            key = ""
        elif len(word) >= 3 and _plain(lower):
            key = lower
        else:
            continue
        literals.append(text[last : m.start()])
        words.append(word)
        keys.append(key)
        last = m.end()
    literals.append(text[last:])
    return Template(text, tuple(literals), tuple(words), tuple(keys))


class World:
    """Replica r: its suffix, and which word types it renames besides the names."""

    def __init__(self, replica: int) -> None:
        self.replica = replica
        self.suffix = suffix(replica)
        self._drawn: dict[str, bool] = {"": True}

    def renames(self, key: str) -> bool:
        drawn = self._drawn.get(key)
        if drawn is None:
            digest = hashlib.blake2b(f"{self.replica}:{key}".encode(), digest_size=4).digest()
            drawn = self._drawn[key] = int.from_bytes(digest, "big") < RENAMED_SHARE * 2**32
        return drawn

    def render(self, t: Template) -> str:
        if not self.suffix:
            return t.text
        out = [t.literals[0]]
        for word, key, literal in zip(t.words, t.keys, t.literals[1:], strict=True):
            out += [word + self.suffix if self.renames(key) else word, literal]
        return "".join(out)


def suffix(replica: int) -> str:
    """ "" for the real set; else two (three from 676 on) letters, distinct per replica."""
    if replica == 0:
        return ""
    width = 2
    while 26**width <= replica:
        width += 1
    value = replica * SUFFIX_STEP % 26**width
    letters = []
    for _ in range(width):
        value, digit = divmod(value, 26)
        letters.append(chr(ord("a") + digit))
    return "".join(reversed(letters))


def load_real(data: Path) -> list[RealText]:
    real: list[RealText] = []
    for _, _, record in labelled.timeline17(data, None):
        real.append(RealText(template(str(record["text"])), None, date.fromisoformat(str(record["published"])), "t17"))
    for _, _, record in labelled.basil(data):
        title = template(str(record["title"])) if record.get("title") else None
        real.append(
            RealText(template(str(record["text"])), title, date.fromisoformat(str(record["published"])), "basil")
        )
    ecb = labelled.ecbplus(data, "train") + labelled.ecbplus(data, "test")
    rng = random.Random(41)
    event_day = {event: ECB_FIRST_DAY + timedelta(rng.randrange(ECB_DAYS)) for event in sorted({d[0] for d in ecb})}
    for event, _, record in ecb:
        day = event_day[event] + timedelta(rng.randint(0, 2))
        real.append(RealText(template(str(record["text"])), None, day, "ecb+"))
    return real


def build(real: Sequence[RealText], n: int) -> tuple[list[dict[str, str]], int]:
    """N JSONL records in date order, and the number of replicas they draw on."""
    replicas = math.ceil(n / len(real))
    last_day = max(t.day for t in real) + timedelta(SHIFT_DAYS * (replicas - 1))
    if last_day.year > 2100:
        raise SystemExit(f"--n {n:,} needs dates up to {last_day}: the store takes years up to 2100")
    keyed: list[tuple[str, int, int, dict[str, str]]] = []
    for r in range(replicas):
        take = range(len(real))
        if r == replicas - 1 and n - r * len(real) < len(real):
            take = sorted(random.Random(r).sample(range(len(real)), n - r * len(real)))  # type: ignore[assignment]
        world = World(r)
        for i in take:
            t = real[i]
            day = (t.day + timedelta(SHIFT_DAYS * r)).isoformat()
            record = {
                "text": world.render(t.text),
                "published": day,
                "url": f"https://bench.example/{r}/{t.origin}/{i}",
            }
            if t.title is not None:
                record["title"] = world.render(t.title)
            keyed.append((day, r, i, record))
    keyed.sort(key=lambda k: k[:3])
    return [k[3] for k in keyed], replicas


def write_jsonl(records: Iterable[dict[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


# -- measuring helpers -----------------------------------------------------------------------------------

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _status_kb(pid: int | str, key: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def vm_rss_kb() -> int:
    return _status_kb("self", "VmRSS") or 0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found += [int(p) for p in handle.read().split()]
    except OSError:
        pass
    return found


def busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (all cores), from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as handle:
        fields = handle.readline().split()
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[1:9])
    return (user + nice + system + irq + softirq + steal) / _CLOCK_TICKS


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class DescendantPeaks(threading.Thread):
    """VmHWM of every descendant process (forkserver, pool workers), sampled while they live."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.hwm: dict[int, int] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.2):
            stack = _children(os.getpid())
            while stack:
                pid = stack.pop()
                stack += _children(pid)
                kb = _status_kb(pid, "VmHWM")
                if kb:
                    self.hwm[pid] = max(self.hwm.get(pid, 0), kb)


def store_bytes(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


# -- the subprocesses ------------------------------------------------------------------------------------


def _replica_of(url: str | None) -> str:
    """The replica number in a benchmark URL (https://bench.example/R/...)."""
    return url.split("/")[3] if url and url.count("/") > 3 else "?"


def child_pipeline(workdir: Path) -> None:
    """Ingest and analysis, jobs=2, into a fresh store."""
    from storyline import registry
    from storyline.ingest.pipeline import ingest
    from storyline.store.sqlite import Store

    peaks = DescendantPeaks()
    peaks.start()
    with Store(workdir / "store.db") as store:
        started = time.perf_counter()
        report = ingest([str(workdir / "in.jsonl")], store, jobs=JOBS)
        ingested = time.perf_counter()
        analysed = registry.run_one(store, "features", jobs=JOBS)["analysed"]  # what copies and stories use
        finished = time.perf_counter()
    peaks.stop.set()
    peaks.join()
    result = {
        "read": report.read,
        "stored": report.added,
        "duplicates": report.duplicates,
        "rejected": len(report.rejections),
        "ingest_s": ingested - started,
        "analysed": analysed,
        "analyze_s": finished - ingested,
        "hwm_kb": _status_kb("self", "VmHWM") or 0,
        "self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        "worker_kb": max(peaks.hwm.values(), default=0),
    }
    (workdir / "pipeline.json").write_text(json.dumps(result))


def child_corpus(workdir: Path) -> None:
    """The corpus stage with every `_place` call timed."""
    from storyline.corpus.stages import stories as stage
    from storyline.store.sqlite import Store

    db = workdir / "store.db"
    with Store(db) as store:
        total = store.db.execute(
            "SELECT COUNT(*) FROM articles a JOIN features f ON f.article_id = a.id "
            "LEFT JOIN event_articles s ON s.article_id = a.id WHERE s.article_id IS NULL"
        ).fetchone()[0]
        latencies = np.zeros(total, dtype=np.int64)
        marks = [max(1, math.ceil(total * k / 10)) for k in range(1, 11)]
        rss_kb: list[int] = []
        done = 0
        place = stage._place

        def timed(*args: Any, **kwargs: Any) -> None:
            nonlocal done
            started = time.perf_counter_ns()
            place(*args, **kwargs)
            latencies[done] = time.perf_counter_ns() - started
            done += 1
            while len(rss_kb) < len(marks) and done >= marks[len(rss_kb)]:
                rss_kb.append(vm_rss_kb())

        stage._place = timed  # type: ignore[assignment]
        try:
            rss_start = vm_rss_kb()
            busy, cpu, load = busy_seconds(), own_cpu(), os.getloadavg()[0]
            started = time.perf_counter()
            report = stage.place(store, store.stories.pending())
            wall = time.perf_counter() - started
            cpu, busy = own_cpu() - cpu, busy_seconds() - busy
        finally:
            stage._place = place
        stories = store.db.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
        events = store.db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        copies = dict(store.db.execute("SELECT kind, COUNT(*) FROM copies GROUP BY kind").fetchall())
        pairs = store.db.execute(
            "SELECT a.url, o.url FROM copies c JOIN articles a ON a.id = c.article_id "
            "JOIN articles o ON o.id = c.original_id"
        ).fetchall()
        across = sum(_replica_of(copy) != _replica_of(original) for copy, original in pairs)
    result = {
        "placed": report.placed,
        "timed": done,
        "new_events": report.new_events,
        "events": events,
        "stories": stories,
        "copies": copies,
        "copies_across": across,
        "seconds": wall,
        "place_s": float(latencies[:done].sum()) / 1e9,
        "latency_ms": (latencies[:done] / 1e6).tolist(),
        "rss_start_kb": rss_start,
        "rss_kb": rss_kb,
        "peak_kb": _status_kb("self", "VmHWM") or 0,
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "cpu_s": cpu,
        "others_cores": max(0.0, busy - cpu) / wall if wall else 0.0,
        "load_before": load,
        "store_bytes": store_bytes(db),
    }
    (workdir / "corpus.json").write_text(json.dumps(result))


def child_profile(workdir: Path) -> None:
    """The corpus stage again under pyinstrument, on the same store with its corpus tables emptied."""
    from pyinstrument import Profiler

    from storyline.corpus.stages import stories as stage
    from storyline.store.sqlite import Store

    with Store(workdir / "store.db") as store:
        with store.transaction():
            store.stories.clear()
        profiler = Profiler(interval=0.001)
        profiler.start()
        started = time.perf_counter()
        report = stage.place(store, store.stories.pending())
        wall = time.perf_counter() - started
        profiler.stop()
    texts = {
        "self": profiler.output_text(flat=True, flat_time="self"),
        "total": profiler.output_text(flat=True, flat_time="total"),
        "tree": profiler.output_text(),
        "placed": str(report.placed),
        "seconds": f"{wall:.1f}",
    }
    (workdir / "profile.json").write_text(json.dumps(texts))


def spawn(kind: str, workdir: Path) -> dict[str, Any]:
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", kind, str(workdir)], check=True)
    result: dict[str, Any] = json.loads((workdir / f"{kind}.json").read_text())
    return result


# -- one size ----------------------------------------------------------------------------------------------


@dataclass
class Run:
    n: int
    replicas: int
    build_s: float
    pipeline: dict[str, Any]
    corpus: dict[str, Any]

    @property
    def latency(self) -> np.ndarray:
        return np.asarray(self.corpus["latency_ms"])

    @property
    def tail(self) -> np.ndarray:
        lat = self.latency
        return lat[int(len(lat) * 0.9) :]

    @property
    def rate(self) -> float:
        return float(self.corpus["placed"]) / self.corpus["seconds"]

    @property
    def kb_per_article(self) -> float:
        """RSS the corpus stage gained per article placed."""
        return (self.corpus["rss_kb"][-1] - self.corpus["rss_start_kb"]) / max(1, self.corpus["placed"])


def measure(real: Sequence[RealText], n: int, workdir: Path) -> Run:
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    records, replicas = build(real, n)
    write_jsonl(records, workdir / "in.jsonl")
    del records
    build_s = time.perf_counter() - started
    print(f"  N={n:,}: {replicas} replica(s), JSONL written in {build_s:.0f} s; ingest + analysis ...", flush=True)
    pipeline = spawn("pipeline", workdir)
    print(
        f"  N={n:,}: {pipeline['stored']:,} stored, ingest {pipeline['ingest_s']:.0f} s, "
        f"analysis {pipeline['analyze_s']:.0f} s; corpus stage ...",
        flush=True,
    )
    corpus = spawn("corpus", workdir)
    run = Run(n, replicas, build_s, pipeline, corpus)
    print(f"  N={n:,}: corpus stage {corpus['seconds']:.0f} s ({run.rate:,.0f} articles/s)", flush=True)
    return run


# -- report ------------------------------------------------------------------------------------------------


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    body = [list(r) for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(headers)]
    lines = ["  ".join(f"{h:>{w}}" for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(f"{c:>{w}}" for c, w in zip(r, widths, strict=True)) for r in body]
    return "\n".join(lines)


def _mb(kb: float) -> str:
    return f"{kb / 1024:,.0f}"


def _ms(values: np.ndarray, q: float) -> str:
    return f"{np.percentile(values, q):.2f}" if len(values) else "-"


def pipeline_table(runs: Sequence[Run]) -> str:
    headers = ["N", "replicas", "stored", "dupl.", "ingest s", "art/s", "analysis s", "art/s"]
    headers += ["main peak MB", "ru_maxrss MB", "RUSAGE_CHILDREN MB", "worker peak MB"]
    rows = []
    for r in runs:
        p = r.pipeline
        rows.append(
            [
                f"{r.n:,}", str(r.replicas), f"{p['stored']:,}", f"{p['duplicates']:,}",
                f"{p['ingest_s']:.1f}", f"{p['read'] / p['ingest_s']:,.0f}",
                f"{p['analyze_s']:.1f}", f"{p['analysed'] / p['analyze_s']:,.0f}",
                _mb(p["hwm_kb"]), _mb(p["self_kb"]), _mb(p["children_kb"]), _mb(p["worker_kb"]),
            ]
        )  # fmt: skip
    return table(headers, rows)


def corpus_table(runs: Sequence[Run]) -> str:
    headers = ["N", "placed", "stories", "copies", "corpus s", "art/s", "in _place", "p50 ms", "p95 ms", "p99 ms"]
    headers += ["max ms", "last10% p50", "p95", "p99", "max", "peak RSS MB", "ru_maxrss MB", "KB/art", "store MB"]
    headers += ["cpu/wall"]
    headers += ["others"]
    rows = []
    for r in runs:
        c, lat, tail = r.corpus, r.latency, r.tail
        rows.append(
            [
                f"{r.n:,}", f"{c['placed']:,}", f"{c['stories']:,}", f"{sum(c['copies'].values()):,}",
                f"{c['seconds']:.1f}", f"{r.rate:,.0f}", f"{c['place_s'] / c['seconds']:.0%}",
                _ms(lat, 50), _ms(lat, 95), _ms(lat, 99), f"{lat.max():.1f}",
                _ms(tail, 50), _ms(tail, 95), _ms(tail, 99), f"{tail.max():.1f}",
                _mb(c["peak_kb"]), _mb(c["maxrss_kb"]), f"{r.kb_per_article:.2f}", f"{c['store_bytes'] / 2**20:,.0f}",
                f"{c['cpu_s'] / c['seconds']:.2f}", f"{c['others_cores']:.2f}",
            ]
        )  # fmt: skip
    return table(headers, rows)


def rss_table(runs: Sequence[Run]) -> str:
    headers = ["N", "start", *(f"{k * 10}%" for k in range(1, 11))]
    rows = [[f"{r.n:,}", _mb(r.corpus["rss_start_kb"]), *(_mb(kb) for kb in r.corpus["rss_kb"])] for r in runs]
    return table(headers, rows)


def decile_table(run: Run) -> str:
    lat = run.latency
    headers = ["decile", "placed before", "art/s in _place", "p50 ms", "p95 ms", "p99 ms", "max ms", "RSS MB after"]
    rows = []
    for k in range(10):
        part = lat[len(lat) * k // 10 : len(lat) * (k + 1) // 10]
        rows.append(
            [
                f"{k * 10}-{k * 10 + 10}%", f"{len(lat) * k // 10:,}", f"{len(part) / (part.sum() / 1e3):,.0f}",
                _ms(part, 50), _ms(part, 95), _ms(part, 99), f"{part.max():.1f}", _mb(run.corpus["rss_kb"][k]),
            ]
        )  # fmt: skip
    return table(headers, rows)


def verdicts(runs: Sequence[Run]) -> list[tuple[str, bool, str]]:
    big, small = runs[-1], runs[0]
    p99 = float(np.percentile(big.tail, 99))
    growth = big.kb_per_article <= max(small.kb_per_article, 0.0) * 1.1 + 0.5
    return [
        (f"corpus stage >= {TARGET_RATE:,.0f} articles/s", big.rate >= TARGET_RATE, f"{big.rate:,.0f} articles/s"),
        (
            f"p99 latency of the last 10% < {TARGET_P99_MS:.0f} ms",
            p99 < TARGET_P99_MS,
            f"{p99:.1f} ms with {int(len(big.latency) * 0.9):,}-{len(big.latency):,} articles placed",
        ),
        (
            "memory grows no faster than the article count",
            growth,
            f"corpus-stage RSS gain {big.kb_per_article:.2f} KB/article at N={big.n:,} vs "
            f"{small.kb_per_article:.2f} at N={small.n:,}; peak {_mb(big.corpus['peak_kb'])} MB vs "
            f"{_mb(small.corpus['peak_kb'])} MB for {big.n / small.n:.0f}x the articles",
        ),
    ]


def _head(text: str, count: int) -> str:
    """The first lines of a pyinstrument text report, without its banner."""
    lines = text.splitlines()
    start = next((i + 1 for i, line in enumerate(lines) if line.startswith("Profile at")), 0)
    body = [line for line in lines[start:] if line.strip()]
    return "\n".join(body[:count])


def print_profile(profile: dict[str, str]) -> None:
    print(f"\nProfile of the corpus stage on the largest store ({profile['placed']} articles, {profile['seconds']} s")
    print("under pyinstrument, 1 ms sampling; times are inflated by the profiler, proportions are what matter)")
    print("\n-- self time by function --")
    print(_head(profile["self"], PROFILE_LINES))
    print("\n-- total time by function --")
    print(_head(profile["total"], PROFILE_LINES))
    print("\n-- call tree (pyinstrument's condensed view) --")
    print(_head(profile["tree"], 60))


# -- main --------------------------------------------------------------------------------------------------


def source_state() -> str:
    """The commit measured, and whether src/ had uncommitted changes."""
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "src"], capture_output=True, text=True)
    except OSError:
        return "source: not a git checkout"
    changed = len(dirty.stdout.splitlines())
    return f"source: commit {head.stdout.strip() or '?'}" + (f" + {changed} changed file(s) in src/" if changed else "")


def sizes(n: int) -> list[int]:
    return sorted({max(1, n // 4), max(1, n // 2), n})


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="articles of the largest run (default 100,000)")
    parser.add_argument("--quick", action="store_true", help="N = 5,000")
    parser.add_argument("--profile", action="store_true", help="profile the largest run even if every target is met")
    parser.add_argument("--no-profile", action="store_true", help="never profile")
    parser.add_argument(
        "--embeddings",
        action="store_true",
        help="leave sentence embeddings as the environment sets them (default: STORYLINE_EMBEDDINGS=0)",
    )
    parser.add_argument("--child", nargs=2, metavar=("KIND", "DIR"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


CHILDREN: dict[str, Callable[[Path], None]] = {
    "pipeline": child_pipeline,
    "corpus": child_corpus,
    "profile": child_profile,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        CHILDREN[args.child[0]](Path(args.child[1]))
        return 0
    data = labelled.data_dir()
    if data is None or not (data / "tls-t17" / "Timeline17").is_dir():
        print("skipped: real texts not found (../shared/data or $STORYLINE_DATA)")
        return 0
    n = 5_000 if args.quick else args.n
    if not args.embeddings:
        os.environ["STORYLINE_EMBEDDINGS"] = "0"  # inherited by the subprocesses: the lexical path
    started = time.perf_counter()
    real = load_real(data)
    counts = {o: sum(t.origin == o for t in real) for o in ("t17", "basil", "ecb+")}
    print(
        f"real texts: {len(real):,} ({', '.join(f'{o} {c:,}' for o, c in counts.items())}) loaded in "
        f"{time.perf_counter() - started:.0f} s; cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    print(f"STORYLINE_EMBEDDINGS={os.environ.get('STORYLINE_EMBEDDINGS', '(unset)')}; {source_state()}", flush=True)
    runs: list[Run] = []
    profile: dict[str, str] | None = None
    with tempfile.TemporaryDirectory(prefix="storyline-corpus-speed-") as tmp:
        for size in sizes(n):
            workdir = Path(tmp) / str(size)
            runs.append(measure(real, size, workdir))
            checks = verdicts(runs) if size == n else []
            if size == n and (args.profile or (not args.no_profile and not all(ok for _, ok, _ in checks))):
                print("  profiling the corpus stage of the largest run ...", flush=True)
                profile = spawn("profile", workdir)
            shutil.rmtree(workdir)
    total = time.perf_counter() - started
    print(f"\nCorpus stage at scale: {' / '.join(f'{r.n:,}' for r in runs)} articles, jobs={JOBS} for ingest")
    print(f"and analysis; the corpus stage is one process. Wall time of the whole benchmark: {total / 60:.1f} min.\n")
    print("Ingest and analysis (one subprocess):")
    print(pipeline_table(runs))
    print("\nCorpus stage (one subprocess; latency = one _place call, ms; last10% = the last tenth placed):")
    print(corpus_table(runs))
    copies = "; ".join(
        f"N={r.n:,}: {r.corpus['copies'] or 'none'}, {r.corpus['copies_across']:,} of them across replicas"
        for r in runs
    )
    print(f"copies by kind: {copies}")
    print("\nRSS (MB) of the corpus-stage process at its start and after each 10% of the articles placed:")
    print(rss_table(runs))
    print(f"\nLatency by decile of the placing order, N={runs[-1].n:,}:")
    print(decile_table(runs[-1]))
    print("\nTargets (largest run):")
    for name, ok, detail in verdicts(runs):
        print(f"  [{'met' if ok else 'MISSED'}] {name}: {detail}")
    if max(r.corpus["others_cores"] for r in runs) > 0.3:
        print(
            "  note: other processes used over 0.3 cores during a corpus stage (column 'others'): "
            "its timings are pessimistic"
        )
    if profile is not None:
        print_profile(profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
