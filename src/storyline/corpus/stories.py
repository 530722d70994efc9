"""Stories: articles grouped by the real-world event they report, as they arrive.

Online clustering after Miranda et al. (2018), "Multilingual Clustering of
Streaming News": each story keeps TF-IDF centroids of its articles' bodies,
titles and names; a new article is compared with the stories that share its
rarest terms and that are close to it in time, and joins the best one if the
combined similarity passes a calibrated threshold, else it opens a new story.
The number of stories is never given.

Time is a hard window, not a soft feature: two rounds of talks two weeks apart
are two events even when every name is the same. An undated article is judged
on its text alone.

With the optional `embeddings` extra, a story also keeps the running sum of its
articles' sentence embeddings, and an article that has one is scored with a
fourth field, the cosine to that centroid, under weights and a threshold of its
own (calibrated separately: an embedding cosine is seldom near zero, a TF-IDF
cosine usually is). A story or article without a vector is scored as before,
so a store without the extra gives exactly the results it always gave.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import numpy as np

from storyline.records import Features
from storyline.store.stories import StoredStory, StoryTables

FIELDS = ("body", "names", "title")
# Weights of the fields' cosine similarities and the threshold of the combined score,
# calibrated on ECB+ topics 1-35 and BASIL (benchmarks/stories.py, docs/corpus.md).
WEIGHTS = {"body": 0.42, "names": 0.42, "title": 0.16}
THRESHOLD = 0.22
# The same with the embedding cosine as a fourth field, used when both the article and the
# story have an embedding (the `embeddings` extra); calibrated on the same data, apart,
# since an embedding cosine of two unrelated reports is seldom near zero (docs/corpus.md).
WEIGHTS_WITH_EMBEDDINGS = {"body": 0.44, "names": 0.20, "title": 0.16, "embedding": 0.20}
THRESHOLD_WITH_EMBEDDINGS = 0.32
NAMES_GATE = 0.0  # below this names similarity an article never joins a story (when both have names)
WINDOW_DAYS = 4  # a story reaches this far before its first and after its last article
CENTROID_TERMS = {"body": 120, "names": 60, "title": 30}
QUERY_TERMS = 12  # the article's rarest weighty terms that retrieve candidate stories


Vector = dict[str, float]


@dataclass
class Story:
    id: int
    centroid: dict[str, dict[str, float]]  # field -> term -> summed weight (top terms only)
    size: int = 0
    start: date | None = None
    end: date | None = None
    title: str | None = None
    embedding: np.ndarray | None = None  # float32 sum of its articles' unit embeddings (the extra only)

    def norm(self, name: str) -> float:
        return math.sqrt(sum(w * w for w in self.centroid.get(name, {}).values())) or 1.0

    def near(self, day: date | None) -> bool:
        if day is None or self.start is None or self.end is None:
            return True
        return (self.start - day).days <= WINDOW_DAYS and (day - self.end).days <= WINDOW_DAYS


@dataclass
class Assignment:
    story_id: int
    score: float
    new: bool


@dataclass
class StoryIndex:
    """The online clusterer's state: stories, an inverted index of their centroid
    terms, and document frequencies. Loaded from the store, saved back by `flush`."""

    tables: StoryTables
    stories: dict[int, Story] = field(default_factory=dict)
    postings: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    df: Counter[str] = field(default_factory=Counter)
    docs: int = 0
    _df_dirty: set[str] = field(default_factory=set)
    _dirty: set[int] = field(default_factory=set)
    frozen: bool = False  # frequencies already hold every article (a batch recluster)
    _next_id: int = 1

    @classmethod
    def load(cls, tables: StoryTables) -> StoryIndex:
        index = cls(tables)
        for row in tables.load_stories():
            story = Story(row.id, row.centroid, row.size, _day(row.start), _day(row.end), row.title)
            if row.embedding is not None:
                story.embedding = np.frombuffer(row.embedding, dtype=np.float32).copy()
            index._register(story)
        df, index.docs = tables.load_frequencies()
        index.df.update(df)
        index._next_id = max(index.stories, default=0) + 1
        return index

    def _register(self, story: Story) -> None:
        self.stories[story.id] = story
        for name in ("body", "names"):
            for term in story.centroid.get(name, {}):
                self.postings[f"{name}:{term}"].add(story.id)

    # -- vectors --------------------------------------------------------------

    def observe(self, features: Features) -> None:
        """Count the article in the document frequencies (before it is scored)."""
        self.docs += 1
        for name in FIELDS:
            for term in features.terms.get(name, {}):
                key = f"{name}:{term}"
                self.df[key] += 1
                self._df_dirty.add(key)

    def weigh(self, features: Features) -> tuple[dict[str, Vector], list[tuple[float, str]]]:
        """The article's unit TF-IDF vectors per field, and its body and names terms as
        (weight x idf, field:term), the rarity `candidates` ranks them by: the idf of each
        term is computed once."""
        out: dict[str, Vector] = {}
        rarity: list[tuple[float, str]] = []
        for name in FIELDS:
            weights: dict[str, float] = {}
            idfs: dict[str, float] = {}
            for term, count in features.terms.get(name, {}).items():
                idfs[term] = idf = self.idf(f"{name}:{term}")
                weights[term] = (1 + math.log(count)) * idf
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            out[name] = {t: w / norm for t, w in weights.items()}
            if name != "title":
                rarity += [(w * idfs[t], f"{name}:{t}") for t, w in out[name].items()]
        return out, rarity

    def idf(self, key: str) -> float:
        return math.log((1 + self.docs) / (1 + self.df.get(key, 0))) + 1.0

    # -- assignment -----------------------------------------------------------

    def candidates(self, rarity: list[tuple[float, str]], day: date | None) -> list[Story]:
        """Stories sharing the article's rarest weighty terms, near it in time."""
        ids: set[int] = set()
        for _, key in heapq.nlargest(QUERY_TERMS, rarity):
            ids |= self.postings.get(key, set())
        return [s for s in (self.stories[i] for i in ids) if s.near(day)]

    def score(self, vectors: dict[str, Vector], story: Story, embedding: np.ndarray | None = None) -> float:
        """Weighted cosine similarities of the fields; zero when the names disagree. With an
        embedding, and a story that has one, the embedding cosine joins under its own weights
        (the story's embedding centroid is a running sum, normalized here)."""
        with_embedding = embedding is not None and story.embedding is not None
        total = 0.0
        for name, weight in (WEIGHTS_WITH_EMBEDDINGS if with_embedding else WEIGHTS).items():
            if name == "embedding":
                assert embedding is not None and story.embedding is not None
                norm = float(np.linalg.norm(story.embedding)) or 1.0
                total += weight * float(np.dot(embedding, story.embedding)) / norm
                continue
            centroid = story.centroid.get(name, {})
            if not centroid or not vectors[name]:
                continue
            cosine = sum(w * centroid.get(t, 0.0) for t, w in vectors[name].items()) / story.norm(name)
            if name == "names" and cosine < NAMES_GATE:
                return 0.0
            total += weight * cosine
        return total

    def assign(
        self, features: Features, day: date | None, title: str | None, embedding: np.ndarray | None = None
    ) -> Assignment:
        """Place an article: the best candidate story if it passes the threshold, else a new story.

        With an embedding, each candidate is held to the threshold of the weights it was
        scored with (a story placed before the extra was installed has no embedding),
        so the best is the one that passes its threshold by the widest margin."""
        if not self.frozen:
            self.observe(features)
        vectors, rarity = self.weigh(features)
        best, best_score = None, 0.0
        if embedding is None:
            for story in self.candidates(rarity, day):
                s = self.score(vectors, story)
                if s > best_score:
                    best, best_score = story, s
            joins = best is not None and best_score >= THRESHOLD
        else:
            best_margin = -math.inf
            for story in self.candidates(rarity, day):
                s = self.score(vectors, story, embedding)
                margin = s - (THRESHOLD if story.embedding is None else THRESHOLD_WITH_EMBEDDINGS)
                if s > 0.0 and margin > best_margin:
                    best, best_score, best_margin = story, s, margin
            joins = best is not None and best_margin >= 0.0
        if best is None or not joins:
            best = Story(self._next_id, {}, title=title)
            self._next_id += 1
            self.stories[best.id] = best
            new = True
        else:
            new = False
        self._add(best, vectors, day, title, embedding)
        return Assignment(best.id, round(best_score, 4), new)

    def _add(
        self,
        story: Story,
        vectors: dict[str, Vector],
        day: date | None,
        title: str | None,
        embedding: np.ndarray | None = None,
    ) -> None:
        if embedding is not None:
            vector = np.asarray(embedding, dtype=np.float32)
            story.embedding = vector.copy() if story.embedding is None else story.embedding + vector
        for name in FIELDS:
            merged = dict(story.centroid.get(name, {}))
            for term, weight in vectors[name].items():
                merged[term] = merged.get(term, 0.0) + weight
            top = dict(sorted(merged.items(), key=lambda kv: -kv[1])[: CENTROID_TERMS[name]])
            for term in set(story.centroid.get(name, {})) - set(top):
                self.postings.get(f"{name}:{term}", set()).discard(story.id)
            story.centroid[name] = top
            if name != "title":
                for term in top:
                    self.postings[f"{name}:{term}"].add(story.id)
        self.count_member(story.id, day)
        if story.title is None and title:
            story.title = title

    def count_member(self, story_id: int, day: date | None) -> None:
        """An article joins a story; a copy joins without weighing on its centroid."""
        story = self.stories[story_id]
        story.size += 1
        if day is not None:
            story.start = min(story.start or day, day)
            story.end = max(story.end or day, day)
        self._dirty.add(story_id)

    # -- persistence ----------------------------------------------------------

    def flush(self) -> None:
        """Write changed stories and frequencies (the caller owns the transaction)."""
        self.save_stories(sorted(self._dirty))
        self._dirty.clear()
        self.tables.save_frequencies([(key, self.df[key]) for key in self._df_dirty], self.docs)
        self._df_dirty.clear()

    def save_stories(self, ids: list[int]) -> None:
        """Write these stories' rows now: a new story before the placement that refers to it.
        Only its row: the frequencies wait for the chunk's `flush` (writing them at every new
        story cost a quarter of the corpus stage with 100,000 articles stored)."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for story in (self.stories[i] for i in ids):
            row = StoredStory(
                story.id,
                story.title,
                _iso(story.start),
                _iso(story.end),
                {k: {t: round(w, 5) for t, w in v.items()} for k, v in story.centroid.items()},
                story.size,
                None if story.embedding is None else story.embedding.astype(np.float32).tobytes(),
            )
            self.tables.save_story(row, now)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def day_of(published: str | None, precision: str | None) -> date | None:
    """Only a day-precise publication date places an article in time."""
    if not published or precision != "day":
        return None
    return date.fromisoformat(published)
