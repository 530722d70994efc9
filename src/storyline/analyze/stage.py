"""The analysis stage: per-article work, in worker processes, stored once.

Runs over every article whose analysis is missing or was computed by an older
version, so `storyline analyze` after an upgrade recomputes exactly what changed
and an ingest analyses only what it added.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from storyline.analyze import features as features_module
from storyline.analyze.features import Features, compute
from storyline.analyze.paraphrase import ParaphraseFlag, detect
from storyline.corpus.featurestore import save_features
from storyline.model import Article
from storyline.parallel import ordered_map
from storyline.store.sqlite import Store

CHUNK = 500  # articles loaded and stored per transaction


@dataclass(frozen=True)
class Analysis:
    article_id: str
    features: Features
    paraphrase: ParaphraseFlag


def analyse(article: Article) -> Analysis:
    return Analysis(article.id, compute(article), detect(article.body))


def analyse_chunk(articles: list[Article]) -> list[Analysis]:
    return [analyse(a) for a in articles]


def pending(store: Store, *, redo: bool = False) -> list[str]:
    """Ids of the articles to analyse, in arrival order."""
    if redo:
        sql = "SELECT id FROM articles ORDER BY seq"
        return [r[0] for r in store.db.execute(sql)]
    sql = (
        "SELECT a.id FROM articles a LEFT JOIN features f ON f.article_id = a.id "
        "WHERE f.article_id IS NULL OR f.version != ? ORDER BY a.seq"
    )
    return [r[0] for r in store.db.execute(sql, (features_module.VERSION,))]


def run(store: Store, *, jobs: int, redo: bool = False) -> int:
    """Analyse pending articles; return how many were analysed."""
    ids = pending(store, redo=redo)
    done = 0
    batch: list[Analysis] = []
    results = ordered_map(
        _articles(store, ids), analyse_chunk, jobs=jobs, is_task=lambda _: True, preload="storyline.analyze.stage"
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
    return len(batch)
