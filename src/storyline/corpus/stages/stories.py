"""The stories stage: copies, events and stories for articles not yet placed, in order.

Articles are placed in publication order (day-precise dates first, then the
undated in arrival order), each against everything placed before it: the same
result whether a batch arrives at once or article by article. Each article joins an
event (corpus/events.py), and its event a story (corpus/stories.py): a copy joins
its original's event.

Sentence embeddings (the optional `embeddings` extra) are read with the features
when the store has them and `STORYLINE_EMBEDDINGS` does not turn them off; an
article without one is placed on its features alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

import numpy as np

from storyline import data
from storyline.analyze.signals import embeddings
from storyline.corpus.copies import CopyIndex
from storyline.corpus.events import EventIndex, day_of
from storyline.corpus.stories import StoryChains
from storyline.records import Features
from storyline.stage import Context, Counts, Stage
from storyline.store.sqlite import Store
from storyline.text import stopwords
from storyline.text import words as folded_words

CHUNK = 2000  # articles per transaction: bigger transactions rewrite fewer index pages (commits were 18% at 100k)

Pending = tuple[str, str | None, str | None, str | None, str | None]  # id, published, precision, title, lead
# a title longer than this is cut, with an ellipsis: a lead sentence is kept whole, a text without sentence ends is not
TITLE_WORDS = 60


@dataclass
class Placed:
    placed: int = 0
    copies: int = 0
    new_events: int = 0
    chained: int = 0  # times two stories met and became one

    def counts(self) -> Counts:
        return {
            "placed": self.placed,
            "copies": self.copies,
            "new_events": self.new_events,
            "chained": self.chained,
        }


def pending(store: Store, redo: bool) -> list[Pending]:
    """Analysed articles without a story, in placing order (`redo` does not replace stories:
    `storyline recluster` does)."""
    return store.stories.pending()


def recluster(store: Store) -> Counts:
    """Forget every event, story and copy link and place all articles again, in one pass with
    document frequencies from the whole store (online, each article only knows those
    of the articles before it)."""
    with store.transaction():
        store.stories.clear()
    todo = store.stories.pending()
    return place(store, todo, method="recluster").counts() if todo else Placed().counts()


def run(context: Context, todo: Sequence[Pending]) -> Counts:
    return place(context.store, todo).counts()


def place(store: Store, todo: Sequence[Pending], *, method: str = "online") -> Placed:
    report = Placed()
    index = EventIndex.load(store.stories)
    days = [d for d in (day_of(row[1], row[2]) for row in todo) if d is not None]
    index.arrival = (min(days), max(days)) if days and method == "online" else None
    chains = StoryChains.load(store.stories)
    if method == "recluster":
        for start in range(0, len(todo), CHUNK):
            for _, features in store.features.load([row[0] for row in todo[start : start + CHUNK]]):
                index.observe(features)
        index.frozen = True
    copies = CopyIndex(store.stories, store.features)
    for start in range(0, len(todo), CHUNK):
        chunk = todo[start : start + CHUNK]
        loaded = dict(store.features.load([row[0] for row in chunk]))
        vectors = load_embeddings(store, [row[0] for row in chunk])
        with store.transaction():
            for article_id, published, precision, headline, lead in chunk:
                _place(
                    store,
                    (index, chains),
                    copies,
                    report,
                    article_id,
                    loaded[article_id],
                    day_of(published, precision),
                    story_title(headline, lead),
                    method,
                    vectors.get(article_id),
                )
            index.flush()
            chains.flush()
    report.chained = chains.joins
    return report


def load_embeddings(store: Store, ids: list[str]) -> dict[str, np.ndarray]:
    """The articles' embeddings of the current model, or none when embeddings are off.

    Only the stored vectors are needed here, not the model: a store embedded once
    keeps its stories' quality even where the extra is not installed."""
    if not ids or not embeddings.enabled():
        return {}
    return {
        aid: embeddings.from_blob(blob) for aid, blob in store.features.embeddings(embeddings.MODEL_ID, ids).items()
    }


def story_title(headline: str | None, lead: str | None) -> str | None:
    """The headline the input gave, whole; else the lead's first sentence.

    A headline is not split into sentences: "Maine Gov. Paul LePage Says ..." is one
    title, and the dot of an abbreviation in it ends nothing."""
    if headline and headline.strip():
        return _clip(" ".join(headline.split()))
    return short_title(lead)


def short_title(text: str | None, words: int = TITLE_WORDS) -> str | None:
    """The first sentence of a lead (of its first line), cut to a title's length."""
    if not text or not text.strip():
        return None
    return _clip(first_sentence(text.strip().split("\n", 1)[0]), words)


def _clip(text: str, words: int = TITLE_WORDS) -> str:
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + "…"


# a sentence may end at . ! or ?, with the closing quotes or brackets after it, before a space
_END = re.compile(r"[.!?][\"'”’»)\]]*(?=\s)")
_INITIALISM = re.compile(r"(?:[^\W\d_]\.)+")
_NEXT = re.compile(r"\s+[\"'“‘«]*(\S*)")


def first_sentence(text: str) -> str:
    """The text up to its first sentence end, where abbreviations end none.

    After a title that stands before a name ("Gov.", "Rep.", "Sen.") a sentence never ends.
    After the end of a name, a state or a month ("Jr.", "Ariz.", "Jan.") or a run of
    initials ("U.S.", "N.C.", "G.O.P.", "J.") it ends only where the next word is one that
    starts sentences ("The", "He"), so "the U.S. Senate" is one sentence and "in the U.S.
    The Senate" two. A sentence starts with a capital or a digit, after its opening quotes:
    none ends before a word in lower case ("approx. five"), a bracket ("Jr. (D-Ill.)") or a
    dash ("AUGUSTA, Me. — Gov. ...")."""
    text = " ".join(text.split())
    for match in _END.finditer(text):
        following = _NEXT.match(text, match.end())
        after = following.group(1) if following else ""
        if not after or not (after[0].isupper() or after[0].isdigit()):
            continue
        if text[match.start()] == "." and not _may_end_after(_word_before(text, match.start()), after):
            continue
        return text[: match.end()]
    return text


def _word_before(text: str, dot: int) -> str:
    """The word the dot at `dot` ends, with its dot, without opening quotes or brackets."""
    start = text.rfind(" ", 0, dot) + 1
    return text[start : dot + 1].lstrip("\"'“‘«([")


def _may_end_after(word: str, after: str) -> bool:
    before_name, may_end = abbreviations()
    bare = word[:-1].lower()
    if bare in before_name:
        return False
    if bare in may_end or _INITIALISM.fullmatch(word):
        starts = folded_words(after)
        return bool(starts) and starts[0] in stopwords()
    return True


@cache
def abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    """(titles before a name, words after which a sentence may end) from the shipped list."""
    sections: dict[str, set[str]] = {"before a name": set(), "may end": set()}
    current = None
    for line in data.lines("stories", "abbreviations.txt"):
        if line.startswith("["):
            current = sections[line.strip("[] ")]
        elif current is not None:
            current.update(line.split())
    return frozenset(sections["before a name"]), frozenset(sections["may end"])


def _place(
    store: Store,
    indexes: tuple[EventIndex, StoryChains],
    copies: CopyIndex,
    report: Placed,
    article_id: str,
    features: Features,
    day: date | None,
    title: str | None,
    method: str,
    embedding: np.ndarray | None = None,
) -> None:
    """Copy check, then event, then story: a copy joins its original's event without
    weighing on it, and links no events (it says nothing its original did not)."""
    index, chains = indexes
    link = copies.find(article_id, features)
    event_id: int | None = None
    score = 1.0
    neighbours: list[tuple[int, float, str]] = []
    if link is None:
        copies.add(article_id, features)  # a copy is found again through its original
    else:
        report.copies += 1
        store.stories.save_copy(article_id, link)
        event_id = store.stories.event_of(link.original_id)
        if event_id is not None:
            index.count_member(event_id, day)
    if event_id is None:
        assignment = index.assign(features, day, title, embedding)
        event_id, score, neighbours = assignment.event_id, assignment.score, assignment.neighbours
        report.new_events += assignment.new
        if assignment.new:
            index.save_events([event_id])  # the event row first: the placement refers to it
    store.stories.place(article_id, event_id, score, method)
    chains.place(article_id, event_id, day, title, neighbours, index.kinship)
    report.placed += 1


STAGE = Stage(
    name="stories",
    after=("features",),
    owns=(
        "copies",
        "lsh_bands",
        "events",
        "event_articles",
        "stories",
        "story_events",
        "event_links",
        "term_df",
        "corpus_stats",
    ),
    pending=pending,
    run=run,
    summary="copies (exact, near-duplicate, paraphrase); online events, chained into stories",
)
