"""The analysis stage: per-article work, in worker processes, stored once.

Runs over every article whose analysis is missing or was computed by an older
version, so `storyline analyze` after an upgrade recomputes exactly what changed
and an ingest analyses only what it added.

With the `embeddings` extra installed, each article also gets a sentence embedding
(analyze/embeddings.py), and an article whose vector is missing or stale is
pending too, so installing the extra and running `storyline analyze` embeds the
articles analysed before it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

import numpy as np

from storyline.analyze import embeddings
from storyline.analyze import features as features_module
from storyline.analyze.features import Features, compute
from storyline.analyze.paraphrase import ParaphraseFlag, detect
from storyline.analyze.records import READING_VERSION, Reading
from storyline.corpus.featurestore import save_features
from storyline.model import Article
from storyline.parallel import ordered_map
from storyline.store.readings import save_reading
from storyline.store.sqlite import Store

CHUNK = 500  # articles loaded and stored per transaction


@dataclass(frozen=True)
class Analysis:
    article_id: str
    features: Features
    paraphrase: ParaphraseFlag
    embedding: np.ndarray | None = None  # float32, unit length; None without the extra


def analyse(article: Article) -> Analysis:
    return Analysis(article.id, compute(article), detect(article.body))


def analyse_chunk(articles: list[Article], *, embed: bool = False) -> list[Analysis]:
    """Features of each article and, with `embed`, the chunk's embeddings in one call.

    Embedding where the features are computed, in each worker on one torch thread,
    measured 1.4-1.75x faster on 2 cores than embedding whole chunks of 500 in the
    main process on two threads while the workers compete for the same cores: the
    model scales better across processes than across threads (docs/corpus.md). On a
    CPU, batching barely matters (one text at a time ran as fast as 64), so the
    chunks of 16, or of one when the input is small, cost nothing."""
    done = [analyse(a) for a in articles]
    if not embed or not done:
        return done
    vectors = embeddings.embed([embeddings.text_of(a.title, a.body) for a in articles])
    return [Analysis(a.article_id, a.features, a.paraphrase, v) for a, v in zip(done, vectors, strict=True)]


def pending(store: Store, *, redo: bool = False, embed: bool = False) -> list[str]:
    """Ids of the articles to analyse, in arrival order (with `embed`, also those
    whose embedding is missing or was computed by another model)."""
    if redo:
        sql = "SELECT id FROM articles ORDER BY seq"
        return [r[0] for r in store.db.execute(sql)]
    if embed:
        sql = (
            "SELECT a.id FROM articles a LEFT JOIN features f ON f.article_id = a.id "
            "LEFT JOIN embeddings e ON e.article_id = a.id "
            "WHERE f.article_id IS NULL OR f.version != ? OR e.article_id IS NULL OR e.model != ? ORDER BY a.seq"
        )
        return [r[0] for r in store.db.execute(sql, (features_module.VERSION, embeddings.MODEL_ID))]
    sql = (
        "SELECT a.id FROM articles a LEFT JOIN features f ON f.article_id = a.id "
        "WHERE f.article_id IS NULL OR f.version != ? ORDER BY a.seq"
    )
    return [r[0] for r in store.db.execute(sql, (features_module.VERSION,))]


Progress = Callable[[str, int, int], None]  # (step, done, total): for a progress bar


def run(store: Store, *, jobs: int, redo: bool = False, read: bool = True, progress: Progress | None = None) -> int:
    """Analyse pending articles; return how many were analysed (features or reading).

    `read=False` computes only the lexical features that copies and stories need: the
    story benchmarks run thousands of articles and need nothing spaCy finds."""
    done = _features(store, jobs=jobs, redo=redo)
    if read:
        done = max(done, _read(store, jobs=jobs, redo=redo, progress=progress))
    return done


def pending_readings(store: Store, *, redo: bool = False) -> list[str]:
    """Ids of the articles never read, or read by an older version, in arrival order."""
    if redo:
        return [r[0] for r in store.db.execute("SELECT id FROM articles ORDER BY seq")]
    sql = (
        "SELECT a.id FROM articles a LEFT JOIN readings r ON r.article_id = a.id "
        "WHERE r.article_id IS NULL OR r.version != ? ORDER BY a.seq"
    )
    return [r[0] for r in store.db.execute(sql, (READING_VERSION,))]


def _read(store: Store, *, jobs: int, redo: bool, progress: Progress | None = None) -> int:
    """spaCy over the pending articles in worker processes, each forked with the model
    already loaded (`analyze.warm` is the forkserver's preload)."""
    from storyline.analyze import reading  # spaCy: imported only when there is reading to do

    ids = pending_readings(store, redo=redo)
    if not ids:
        return 0
    done = 0
    batch: list[Reading] = []
    results = ordered_map(
        _articles(store, ids), reading.read, jobs=jobs, is_task=lambda _: True, preload="storyline.analyze.warm"
    )
    for n, result in enumerate(results, 1):
        batch.append(result)
        if progress is not None:
            progress("reading", n, len(ids))
        if len(batch) >= CHUNK:
            done += _write_readings(store, batch)
            batch = []
    return done + _write_readings(store, batch)


def _write_readings(store: Store, batch: list[Reading]) -> int:
    if batch:
        with store.transaction():
            for result in batch:
                save_reading(store.db, result)
    return len(batch)


def _features(store: Store, *, jobs: int, redo: bool) -> int:
    embed = embeddings.available()
    ids = pending(store, redo=redo, embed=embed)
    done = 0
    batch: list[Analysis] = []
    results = ordered_map(
        _articles(store, ids),
        partial(analyse_chunk, embed=embed),
        jobs=jobs,
        is_task=lambda _: True,
        preload="storyline.analyze.stage",
    )
    for analysis in results:
        batch.append(analysis)
        if len(batch) >= CHUNK:
            done += _write(store, batch)
            batch = []
    done += _write(store, batch)
    return done


def _articles(store: Store, ids: list[str]) -> Iterator[Article]:
    for start in range(0, len(ids), CHUNK):
        for ident in ids[start : start + CHUNK]:
            article = store.get(ident)
            if article is not None:
                yield article


def _write(store: Store, batch: list[Analysis]) -> int:
    if not batch:
        return 0
    with store.transaction():
        for a in batch:
            save_features(store.db, a.article_id, a.features)
            store.db.execute(
                "INSERT OR REPLACE INTO paraphrase_flags(article_id, flag, score, evidence) VALUES (?,?,?,?)",
                (
                    a.article_id,
                    int(a.paraphrase.flag),
                    a.paraphrase.score,
                    json.dumps([e.as_dict() for e in a.paraphrase.evidence], ensure_ascii=False),
                ),
            )
            if a.embedding is not None:
                store.db.execute(
                    "INSERT OR REPLACE INTO embeddings(article_id, model, vector) VALUES (?,?,?)",
                    (a.article_id, embeddings.MODEL_ID, embeddings.to_blob(a.embedding)),
                )
    return len(batch)
