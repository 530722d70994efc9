"""The features stage: what copies and stories compare, computed in worker processes, stored once.

Runs over every article whose features are missing or were computed by an older
version, so `storyline analyze` after an upgrade recomputes exactly what changed
and an ingest analyses only what it added.

With the `embeddings` extra installed, each article also gets a sentence embedding
(analyze/signals/embeddings.py), and an article whose vector is missing or stale is
pending too, so installing the extra and running `storyline analyze` embeds the
articles analysed before it.

An outlet's template paragraphs (boilerplate it repeats under unrelated articles,
analyze/signals/templates.py) are left out of all of it. This process records the
paragraphs of every pending article first (a hash each, cheap), then decides each
article's templates as it hands the article to a worker: a bulk load is judged with all
of its paragraphs, whatever the order. An article analysed before a template of its
outlet was discovered keeps its features (the stories stage has placed it and cannot
take it back); a later article carrying the template is compared without it, so the
two are not linked through it. `--redo` judges every article again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np

from storyline.analyze.signals import embeddings
from storyline.analyze.signals.features import VERSION, compute
from storyline.analyze.signals.paraphrase import detect
from storyline.analyze.signals.templates import Templates, body_without
from storyline.model import Article
from storyline.parallel import ordered_map
from storyline.records import Features, ParaphraseFlag
from storyline.stage import Context, Counts, Stage
from storyline.store.sqlite import Store

CHUNK = 500  # articles loaded and stored per transaction


@dataclass(frozen=True)
class Analysis:
    article_id: str
    features: Features
    paraphrase: ParaphraseFlag
    embedding: np.ndarray | None = None  # float32, unit length; None without the extra


Task = tuple[Article, frozenset[int]]  # an article and the indices of its template paragraphs


def analyse(article: Article, skip: frozenset[int] = frozenset()) -> Analysis:
    return Analysis(article.id, compute(article, skip), detect(article.body))


def analyse_chunk(tasks: list[Task], *, embed: bool = False) -> list[Analysis]:
    """Features of each article and, with `embed`, the chunk's embeddings in one call.

    Embedding where the features are computed, in each worker on one torch thread,
    measured 1.4-1.75x faster on 2 cores than embedding whole chunks of 500 in the
    main process on two threads while the workers compete for the same cores: the
    model scales better across processes than across threads (docs/corpus.md). On a
    CPU, batching barely matters (one text at a time ran as fast as 64), so the
    chunks of 16, or of one when the input is small, cost nothing."""
    done = [analyse(a, skip) for a, skip in tasks]
    if not embed or not done:
        return done
    vectors = embeddings.embed([embeddings.text_of(a.title, body_without(a, skip)) for a, skip in tasks])
    return [Analysis(a.article_id, a.features, a.paraphrase, v) for a, v in zip(done, vectors, strict=True)]


def pending(store: Store, redo: bool) -> list[str]:
    """Ids of the articles to analyse, in arrival order (with the extra, also those whose
    embedding is missing or was computed by another model)."""
    if redo:
        return store.articles.ids()
    return store.features.pending(VERSION, model=embeddings.MODEL_ID if embeddings.available() else None)


def run(context: Context, ids: Sequence[str]) -> Counts:
    store = context.store
    embed = embeddings.available()
    templates = Templates(store)
    for start in range(0, len(ids), CHUNK):
        with store.transaction():
            templates.record(articles(store, ids[start : start + CHUNK]))
    done = 0
    templated = [0]
    batch: list[Analysis] = []

    def tasks() -> Iterator[Task]:
        for article in articles(store, ids):
            skip = templates.skip(article)
            templated[0] += bool(skip)
            yield article, skip

    results = ordered_map(
        tasks(),
        partial(analyse_chunk, embed=embed),
        jobs=context.jobs,
        is_task=lambda _: True,
        preload=__name__,
    )
    for analysis in results:
        batch.append(analysis)
        if len(batch) >= CHUNK:
            done += _write(store, batch)
            batch = []
    done += _write(store, batch)
    return {"analysed": done, "templated": templated[0]}


def articles(store: Store, ids: Sequence[str]) -> Iterator[Article]:
    """The articles of `ids`, loaded one at a time (a bulk load stays in bounded memory)."""
    for ident in ids:
        article = store.articles.get(ident)
        if article is not None:
            yield article


def _write(store: Store, batch: list[Analysis]) -> int:
    if not batch:
        return 0
    with store.transaction():
        for a in batch:
            vector = None if a.embedding is None else (embeddings.MODEL_ID, embeddings.to_blob(a.embedding))
            store.features.save(a.article_id, VERSION, a.features, a.paraphrase, vector)
    return len(batch)


STAGE = Stage(
    name="features",
    after=(),
    owns=("features", "paraphrase_flags", "embeddings", "outlet_paragraphs"),
    pending=pending,
    run=run,
    summary="word key, MinHash, skeleton and term counts without the outlet's template paragraphs; "
    "machine-paraphrase flag; embeddings with the extra",
)
