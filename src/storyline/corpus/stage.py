"""The corpus stage: copies and stories for articles not yet placed, in order.

Articles are placed in publication order (day-precise dates first, then the
undated in arrival order), each against everything placed before it: the same
result whether a batch arrives at once or article by article.

Sentence embeddings (the optional `embeddings` extra) are read with the features
when the store has them and `STORYLINE_EMBEDDINGS` does not turn them off; an
article without one is placed on its features alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np

from storyline.analyze import embeddings
from storyline.analyze.features import Features
from storyline.corpus.copies import CopyIndex, evidence_json
from storyline.corpus.featurestore import load_features
from storyline.corpus.stories import StoryIndex, day_of
from storyline.store.sqlite import Store

CHUNK = 2000  # articles per transaction: bigger transactions rewrite fewer index pages (commits were 18% at 100k)


@dataclass
class CorpusReport:
    placed: int = 0
    copies: int = 0
    new_stories: int = 0


def pending(store: Store) -> list[tuple[str, str | None, str | None, str | None]]:
    """(id, published, precision, title or lead) of analysed articles without a story, in placing order."""
    rows = store.db.execute(
        "SELECT a.id, a.published, a.published_precision, COALESCE(a.title, substr(a.body, 1, 300)) FROM articles a "
        "JOIN features f ON f.article_id = a.id "
        "LEFT JOIN story_articles s ON s.article_id = a.id WHERE s.article_id IS NULL "
        "ORDER BY (a.published_precision IS NOT 'day'), CASE WHEN a.published_precision = 'day' "
        "THEN a.published END, a.seq"
    )
    return [(r[0], r[1], r[2], r[3]) for r in rows]


_CORPUS_TABLES = ("story_articles", "stories", "term_df", "corpus_stats", "copies", "lsh_bands")


def recluster(store: Store) -> CorpusReport:
    """Forget every story and copy link and place all articles again, in one pass with
    document frequencies from the whole store (online, each article only knows those
    of the articles before it)."""
    with store.transaction():
        for table in _CORPUS_TABLES:
            store.db.execute(f"DELETE FROM {table}")
    return run(store, method="recluster")


def run(store: Store, *, method: str = "online") -> CorpusReport:
    report = CorpusReport()
    todo = pending(store)
    if not todo:
        return report
    index = StoryIndex.load(store.db)
    if method == "recluster":
        for start in range(0, len(todo), CHUNK):
            for _, features in load_features(store.db, [row[0] for row in todo[start : start + CHUNK]]):
                index.observe(features)
        index.frozen = True
    copies = CopyIndex(store.db)
    for start in range(0, len(todo), CHUNK):
        chunk = todo[start : start + CHUNK]
        loaded = dict(load_features(store.db, [row[0] for row in chunk]))
        vectors = load_embeddings(store, [row[0] for row in chunk])
        with store.transaction():
            for article_id, published, precision, title in chunk:
                _place(
                    store,
                    index,
                    copies,
                    report,
                    article_id,
                    loaded[article_id],
                    day_of(published, precision),
                    short_title(title),
                    method,
                    vectors.get(article_id),
                )
            index.flush()
    return report


def load_embeddings(store: Store, ids: list[str]) -> dict[str, np.ndarray]:
    """The articles' embeddings of the current model, or none when embeddings are off.

    Only the stored vectors are needed here, not the model: a store embedded once
    keeps its stories' quality even where the extra is not installed."""
    if not ids or not embeddings.enabled():
        return {}
    marks = ",".join("?" * len(ids))
    rows = store.db.execute(
        f"SELECT article_id, vector FROM embeddings WHERE model = ? AND article_id IN ({marks})",
        [embeddings.MODEL_ID, *ids],
    )
    return {row[0]: embeddings.from_blob(row[1]) for row in rows}


def short_title(text: str | None, words: int = 14) -> str | None:
    """A headline as it is, or the lead's first sentence cut to a headline's length."""
    if not text:
        return None
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0]
    parts = first.split()
    return first if len(parts) <= words else " ".join(parts[:words]) + "…"


def _story_of(store: Store, article_id: str) -> int | None:
    row = store.db.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
    return int(row[0]) if row else None


def _place(
    store: Store,
    index: StoryIndex,
    copies: CopyIndex,
    report: CorpusReport,
    article_id: str,
    features: Features,
    day: date | None,
    title: str | None,
    method: str,
    embedding: np.ndarray | None = None,
) -> None:
    """Copy check, then story: a copy joins its original's story without weighing on it."""
    link = copies.find(article_id, features)
    story_id: int | None = None
    score = 1.0
    if link is None:
        copies.add(article_id, features)  # a copy is found again through its original
    else:
        report.copies += 1
        store.db.execute(
            "INSERT OR REPLACE INTO copies(article_id, original_id, kind, score, evidence) VALUES (?,?,?,?,?)",
            (article_id, link.original_id, link.kind, link.score, evidence_json(link)),
        )
        story_id = _story_of(store, link.original_id)
        if story_id is not None:
            index.count_member(story_id, day)
    if story_id is None:
        assignment = index.assign(features, day, title, embedding)
        story_id, score = assignment.story_id, assignment.score
        report.new_stories += assignment.new
        if assignment.new:
            index.save_stories([story_id])  # the story row first: the placement refers to it
    store.db.execute(
        "INSERT INTO story_articles(article_id, story_id, score, method, assigned_at) "
        "VALUES (?, ?, ?, ?, datetime('now'))",
        (article_id, story_id, score, method),
    )
    report.placed += 1
