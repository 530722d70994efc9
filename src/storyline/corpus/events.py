"""Events: articles grouped by the real-world happening they report, as they arrive.

Online clustering after Miranda et al. (2018), "Multilingual Clustering of
Streaming News": each event keeps TF-IDF centroids of its articles' bodies,
titles and names; a new article is compared with the events that share its
rarest terms and that are close to it in time, and joins the best one if the
combined similarity passes a calibrated threshold, else it opens a new event.
The number of events is never given. The other candidates that score close to the
article are returned too: they are what chains events into stories (corpus/stories.py).

Time is a hard window, not a soft feature: two rounds of talks two weeks apart
are two events even when every name is the same. An undated article is judged
on its text alone.

With the optional `embeddings` extra, an event also keeps the running sum of its
articles' sentence embeddings, and an article that has one is scored with a
fourth field, the cosine to that centroid, under weights and a threshold of its
own (calibrated separately: an embedding cosine is seldom near zero, a TF-IDF
cosine usually is). An event or article without a vector is scored as before,
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
from storyline.store.stories import StoredEvent, StoryTables

FIELDS = ("body", "names", "title")
# Weights of the fields' cosine similarities and the threshold of the combined score,
# calibrated on ECB+ topics 1-35 and BASIL (benchmarks/stories.py, docs/corpus.md).
WEIGHTS = {"body": 0.42, "names": 0.42, "title": 0.16}
THRESHOLD = 0.22
# The same with the embedding cosine as a fourth field, used when both the article and the
# event have an embedding (the `embeddings` extra); calibrated on the same data, apart,
# since an embedding cosine of two unrelated reports is seldom near zero (docs/corpus.md).
WEIGHTS_WITH_EMBEDDINGS = {"body": 0.44, "names": 0.20, "title": 0.16, "embedding": 0.20}
THRESHOLD_WITH_EMBEDDINGS = 0.32
NAMES_GATE = 0.0  # below this names similarity an article never joins an event (when both have names)
WINDOW_DAYS = 4  # an event reaches this far before its first and after its last article
STORY_WINDOW_DAYS = 7  # how far a later event may continue an earlier one (corpus/stories.py)
# An article this close to another event than its own chains the two into one story, or
# (weaker) makes their stories related; held like THRESHOLD, as a margin under each event's own.
# Calibrated on BASIL and Timeline17 (docs/corpus.md): at THRESHOLD, an article chains two
# events only when it could have joined either; lower, BASIL's distinct events begin to merge
# (B-cubed precision 0.912 at 0.14, 0.970 at 0.22).
LINK_THRESHOLD = 0.22
RELATED_THRESHOLD = 0.14
# What an undated article must score above the threshold to join an event far from the days of
# the run it arrived with; never a bar, a closer match still joins (docs/corpus.md).
UNDATED_FAR = 0.1
CENTROID_TERMS = {"body": 120, "names": 60, "title": 30}
QUERY_TERMS = 12  # the article's rarest weighty terms that retrieve candidate events


Vector = dict[str, float]


@dataclass
class Event:
    id: int
    centroid: dict[str, dict[str, float]]  # field -> term -> summed weight (top terms only)
    size: int = 0
    start: date | None = None
    end: date | None = None
    title: str | None = None
    embedding: np.ndarray | None = None  # float32 sum of its articles' unit embeddings (the extra only)

    def norm(self, name: str) -> float:
        return math.sqrt(sum(w * w for w in self.centroid.get(name, {}).values())) or 1.0

    def near(self, day: date | None, window: int = WINDOW_DAYS) -> bool:
        if day is None or self.start is None or self.end is None:
            return True
        return (self.start - day).days <= window and (day - self.end).days <= window


@dataclass
class Assignment:
    event_id: int
    score: float
    new: bool
    # other events within the story window the article scored close to: (id, score, kind), kind
    # "continues" (at least LINK_THRESHOLD) or "related" (at least RELATED_THRESHOLD)
    neighbours: list[tuple[int, float, str]] = field(default_factory=list)


@dataclass
class EventIndex:
    """The online clusterer's state: events, an inverted index of their centroid
    terms, and document frequencies. Loaded from the store, saved back by `flush`."""

    tables: StoryTables
    events: dict[int, Event] = field(default_factory=dict)
    postings: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    df: Counter[str] = field(default_factory=Counter)
    docs: int = 0
    _df_dirty: set[str] = field(default_factory=set)
    _dirty: set[int] = field(default_factory=set)
    frozen: bool = False  # frequencies already hold every article (a batch recluster)
    # the first and last day the dated articles of the run being placed print: where an undated
    # article of the same run most likely belongs (a crawl brings pages of its days)
    arrival: tuple[date, date] | None = None
    _next_id: int = 1

    @classmethod
    def load(cls, tables: StoryTables) -> EventIndex:
        index = cls(tables)
        for row in tables.load_events():
            event = Event(row.id, row.centroid, row.size, parse_day(row.start), parse_day(row.end), row.title)
            if row.embedding is not None:
                event.embedding = np.frombuffer(row.embedding, dtype=np.float32).copy()
            index._register(event)
        df, index.docs = tables.load_frequencies()
        index.df.update(df)
        index._next_id = max(index.events, default=0) + 1
        return index

    def _register(self, event: Event) -> None:
        self.events[event.id] = event
        for name in ("body", "names"):
            for term in event.centroid.get(name, {}):
                self.postings[f"{name}:{term}"].add(event.id)

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

    def candidates(self, rarity: list[tuple[float, str]], day: date | None) -> list[Event]:
        """Events sharing the article's rarest weighty terms, near enough in time to be
        joined or to be continued (the wider window of a story)."""
        ids: set[int] = set()
        for _, key in heapq.nlargest(QUERY_TERMS, rarity):
            ids |= self.postings.get(key, set())
        return [e for e in (self.events[i] for i in ids) if e.near(day, STORY_WINDOW_DAYS)]

    def score(self, vectors: dict[str, Vector], event: Event, embedding: np.ndarray | None = None) -> float:
        """Weighted cosine similarities of the fields; zero when the names disagree. With an
        embedding, and an event that has one, the embedding cosine joins under its own weights
        (the event's embedding centroid is a running sum, normalized here)."""
        with_embedding = embedding is not None and event.embedding is not None
        total = 0.0
        for name, weight in (WEIGHTS_WITH_EMBEDDINGS if with_embedding else WEIGHTS).items():
            if name == "embedding":
                assert embedding is not None and event.embedding is not None
                norm = float(np.linalg.norm(event.embedding)) or 1.0
                total += weight * float(np.dot(embedding, event.embedding)) / norm
                continue
            centroid = event.centroid.get(name, {})
            if not centroid or not vectors[name]:
                continue
            cosine = sum(w * centroid.get(t, 0.0) for t, w in vectors[name].items()) / event.norm(name)
            if name == "names" and cosine < NAMES_GATE:
                return 0.0
            total += weight * cosine
        return total

    def assign(
        self, features: Features, day: date | None, title: str | None, embedding: np.ndarray | None = None
    ) -> Assignment:
        """Place an article: the best candidate event if it passes the threshold, else a new event;
        and the other candidates it scores close to (its `neighbours`, for the story chains).

        Each candidate is held to the threshold of the weights it was scored with: with an
        embedding, and an event that has one, the embedding weights (an event placed before
        the extra was installed has none), so the best is the one that passes its threshold
        by the widest margin. Without embeddings that is simply the highest score. Only an
        event within the event window may be joined; one within the story window may be
        continued. An undated article is held to a higher bar by an event far from the days
        its run brought (`arrival`): it may still join it, on a closer match."""
        if not self.frozen:
            self.observe(features)
        vectors, rarity = self.weigh(features)
        best, best_score, best_margin = None, 0.0, -math.inf
        scored: list[tuple[Event, float, float]] = []  # event, score, margin over its threshold
        for event in self.candidates(rarity, day):
            s = self.score(vectors, event, embedding)
            if s <= 0.0:
                continue
            margin = s - self._threshold(event, embedding)
            if day is None and not self._arrived_near(event):
                margin -= UNDATED_FAR
            scored.append((event, s, margin))
            if event.near(day) and margin > best_margin:
                best, best_score, best_margin = event, s, margin
        if best is None or best_margin < 0.0:
            best = Event(self._next_id, {}, title=title)
            self._next_id += 1
            self.events[best.id] = best
            new = True
        else:
            new = False
        self._add(best, vectors, day, title, embedding)
        neighbours = sorted(
            (e.id, round(s, 4), "continues" if margin >= LINK_THRESHOLD - THRESHOLD else "related")
            for e, s, margin in scored
            if e is not best and margin >= RELATED_THRESHOLD - THRESHOLD and (day is not None or _close(best, e))
        )
        return Assignment(best.id, round(best_score, 4), new, neighbours)

    def kinship(self, one: int, other: int) -> float:
        """How alike two events' centroids are: the body cosine, what two events of one story
        share beyond the names (two events a week apart can name the same president)."""
        a, b = self.events[one].centroid.get("body", {}), self.events[other].centroid.get("body", {})
        if not a or not b:
            return 0.0
        dot = sum(w * b.get(t, 0.0) for t, w in a.items())
        return dot / (self.events[one].norm("body") * self.events[other].norm("body"))

    def _arrived_near(self, event: Event) -> bool:
        """The event is within the story window of the days the articles placed with this one
        print (or nothing says otherwise)."""
        if self.arrival is None or event.start is None or event.end is None:
            return True
        first, last = self.arrival
        return (event.start - last).days <= STORY_WINDOW_DAYS and (first - event.end).days <= STORY_WINDOW_DAYS

    @staticmethod
    def _threshold(event: Event, embedding: np.ndarray | None) -> float:
        return THRESHOLD_WITH_EMBEDDINGS if embedding is not None and event.embedding is not None else THRESHOLD

    def _add(
        self,
        event: Event,
        vectors: dict[str, Vector],
        day: date | None,
        title: str | None,
        embedding: np.ndarray | None = None,
    ) -> None:
        if embedding is not None:
            vector = np.asarray(embedding, dtype=np.float32)
            event.embedding = vector.copy() if event.embedding is None else event.embedding + vector
        for name in FIELDS:
            merged = dict(event.centroid.get(name, {}))
            for term, weight in vectors[name].items():
                merged[term] = merged.get(term, 0.0) + weight
            top = dict(sorted(merged.items(), key=lambda kv: -kv[1])[: CENTROID_TERMS[name]])
            for term in set(event.centroid.get(name, {})) - set(top):
                self.postings.get(f"{name}:{term}", set()).discard(event.id)
            event.centroid[name] = top
            if name != "title":
                for term in top:
                    self.postings[f"{name}:{term}"].add(event.id)
        self.count_member(event.id, day)
        if event.title is None and title:
            event.title = title

    def count_member(self, event_id: int, day: date | None) -> None:
        """An article joins an event; a copy joins without weighing on its centroid."""
        event = self.events[event_id]
        event.size += 1
        if day is not None:
            event.start = min(event.start or day, day)
            event.end = max(event.end or day, day)
        self._dirty.add(event_id)

    # -- persistence ----------------------------------------------------------

    def flush(self) -> None:
        """Write changed events and frequencies (the caller owns the transaction)."""
        self.save_events(sorted(self._dirty))
        self._dirty.clear()
        self.tables.save_frequencies([(key, self.df[key]) for key in self._df_dirty], self.docs)
        self._df_dirty.clear()

    def save_events(self, ids: list[int]) -> None:
        """Write these events' rows now: a new event before the placement that refers to it.
        Only its row: the frequencies wait for the chunk's `flush` (writing them at every new
        event cost a quarter of the corpus stage with 100,000 articles stored)."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for event in (self.events[i] for i in ids):
            row = StoredEvent(
                event.id,
                event.title,
                iso_day(event.start),
                iso_day(event.end),
                {k: {t: round(w, 5) for t, w in v.items()} for k, v in event.centroid.items()},
                event.size,
                None if event.embedding is None else event.embedding.astype(np.float32).tobytes(),
            )
            self.tables.save_event(row, now)


def _close(one: Event, other: Event) -> bool:
    """Both events are dated and within the story window of each other. What an undated
    article bridges must be known to be close: two rounds of talks a fortnight apart read
    alike, and an article that prints no day could be either's (it joins one, it chains none)."""
    if one.start is None or one.end is None or other.start is None or other.end is None:
        return False
    return (one.start - other.end).days <= STORY_WINDOW_DAYS and (other.start - one.end).days <= STORY_WINDOW_DAYS


def parse_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def iso_day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def day_of(published: str | None, precision: str | None) -> date | None:
    """Only a day-precise publication date places an article in time."""
    if not published or precision != "day":
        return None
    return date.fromisoformat(published)
