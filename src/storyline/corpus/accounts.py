"""A story's sentences as the cross-source stages compare them, and who counts as an independent source.

The timeline, the claims and the brief ask one question of many articles: who else tells this?
Each sentence becomes a `Told`: its words, its date, its canonical actors and its source.
Two articles are one source when one copies the other (exact, near-duplicate or paraphrased:
the copy groups of the stories stage), or when one outlet printed both: a wire story
reprinted by ten sites, or an outlet's morning and evening versions, is one voice.

Sentences telling the same thing in other words are found with a weighted word overlap
(rare words of the story count more, as TF-IDF weighs them) plus the canonical actors they
share: "Ukraine's team will be led by Defence Minister Rustem Umerov" and "Umerov will head
Ukraine's delegation" share the actor and the country, little else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from storyline.store.accounts import StoredArticle
from storyline.text import content_words, fold

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
CANDIDATES = 20  # groups compared with a sentence: those sharing most of its rare words and actors
COMPARED = 3  # members of a group a sentence is compared with (the first, most central by order)
LEAD = 2  # sentences of an article that report its day's news
_QUOTE_OPEN = re.compile(r"^\s*[\"“‘'«]")


def stem(word: str) -> str:
    """A crude plural fold ("bombers" ~ "bomber", "talks" ~ "talk"): enough for overlap, no model."""
    if word.endswith("ss") or len(word) <= 4:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word.removesuffix("s")


def terms(text: str) -> Counter[str]:
    """Content words, plural-folded, with the numbers a claim turns on ("40 bombers")."""
    found = Counter(stem(w) for w in content_words(text))
    found.update(w for w in _NUMBER.findall(text) if len(w) > 1)
    return found


def article_day(article: StoredArticle) -> dt.date | None:
    """The day an article reports from: its printed day, else the day the anchors stage inferred."""
    for value in (article.published if article.precision == "day" else None, article.inferred_day):
        if value:
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


def source_key(article: StoredArticle, by_id: dict[str, StoredArticle]) -> str:
    """What makes an article one independent voice: the outlet of the original it copies (or its own),
    else that original itself."""
    root, seen = article, {article.id}
    while root.original and root.original in by_id and root.original not in seen:
        seen.add(root.original)
        root = by_id[root.original]
    outlet = root.outlet or (article.outlet if root is article else None)
    if outlet:
        return "outlet:" + fold(outlet).strip()
    return "article:" + (root.original or root.id)


@dataclass(frozen=True, slots=True)
class Told:
    """One sentence of one article, as the cross-source stages see it."""

    article: str
    story: int | None
    idx: int
    start: int
    end: int
    text: str
    date: str | None  # the resolved date of what it reports (reading + anchors), if any
    dates: tuple[tuple[int, str], ...]  # (offset, value) of every resolved date and time in it, in order
    entities: frozenset[int]
    source: str  # independence key (`source_key`)
    outlet: str | None
    day: dt.date | None  # the article's day
    copy: bool  # its article copies another
    words: Counter[str] = field(compare=False, hash=False, repr=False)

    @property
    def lead(self) -> bool:
        return self.idx < LEAD

    @property
    def quoted(self) -> bool:
        """Opens with a quotation mark: someone's words, not the report's."""
        return bool(_QUOTE_OPEN.match(self.text))

    @property
    def ref(self) -> dict[str, str | int]:
        return {"article": self.article, "start": self.start, "end": self.end}


Keep = Callable[[int, tuple[tuple[int, str], ...], "dt.date | None"], bool]  # (idx, its dates, article day)


def told_of(articles: Sequence[StoredArticle], keep: Keep | None = None) -> list[Told]:
    """The sentences of these articles, each with its source: all of them, or those `keep` asks for
    (told by their index, their dates and their article's day) before any is split into words."""
    by_id = {a.id: a for a in articles}
    out: list[Told] = []
    for a in articles:
        key, day = source_key(a, by_id), article_day(a)
        times = sorted((s, v) for s, _, _, v, kind in a.times if kind in ("date", "time"))
        offsets = [s for s, _ in times]
        for idx, start, end, when in a.sentences:
            inside = tuple(times[bisect_left(offsets, start) : bisect_left(offsets, end)])
            if keep is not None and not keep(idx, inside, day):
                continue
            start, end = _clean(a.body, start, end)
            text = a.body[start:end]
            if not text:
                continue
            out.append(
                Told(
                    a.id,
                    a.story,
                    idx,
                    start,
                    end,
                    text,
                    when,
                    inside,
                    frozenset(a.entities.get(idx, ())),
                    key,
                    a.outlet,
                    day,
                    a.original is not None,
                    terms(text),
                )
            )
    return out


def _clean(body: str, start: int, end: int) -> tuple[int, int]:
    """The sentence's span without surrounding space, and without a heading the sentence splitter left
    on it ("– Immediate ceasefire –" above the first sentence of a section)."""
    piece = body[start:end]
    cut = piece.rfind("\n\n")
    if cut >= 0 and len(piece[cut:].split()) >= 4:
        start += cut
        piece = body[start:end]
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    return start, max(start, end)


class Weights:
    """Inverse document frequency of words and actors over the sentences compared (a year's tellings, a
    story's statements): a word every one of them has says little about which happening it tells."""

    def __init__(self, told: Iterable[Told]) -> None:
        df: Counter[str] = Counter()
        ef: Counter[int] = Counter()
        n = 0
        for t in told:
            n += 1
            df.update(t.words.keys())
            ef.update(t.entities)
        self.n = max(n, 1)
        self.df, self.ef = df, ef

        self._vectors: dict[int, tuple[Told, dict[str | int, float], float]] = {}

    def word(self, w: str) -> float:
        return math.log(1 + self.n / (1 + self.df.get(w, 0)))

    def entity(self, e: int) -> float:
        return math.log(1 + self.n / (1 + self.ef.get(e, 0)))

    def vector(self, t: Told) -> tuple[dict[str | int, float], float]:
        """The sentence's weighted words and actors, and its squared norm; computed once per sentence."""
        found = self._vectors.get(id(t))
        if found is None or found[0] is not t:
            weights: dict[str | int, float] = {w: self.word(w) for w in t.words}
            weights.update({e: self.entity(e) for e in t.entities})
            found = (t, weights, sum(v * v for v in weights.values()) or 1.0)
            self._vectors[id(t)] = found  # the sentence is kept with it: its id is not reused meanwhile
        return found[1], found[2]

    def similarity(self, a: Told, b: Told) -> float:
        """Weighted cosine of the two sentences' words, with their shared actors as extra words."""
        va, na = self.vector(a)
        vb, nb = self.vector(b)
        if len(vb) < len(va):
            va, vb = vb, va
        dot = sum(v * v for k, v in va.items() if k in vb)
        return dot / math.sqrt(na * nb) if dot else 0.0

    def rare(self, t: Told) -> list[str | int]:
        """The words and actors of a sentence that few others have: what finds its likes."""
        if self.n < 40:
            return [*t.words, *t.entities]
        limit = self.n / 4
        return [*(w for w in t.words if self.df[w] <= limit), *(e for e in t.entities if self.ef[e] <= limit)]


def independent(told: Iterable[Told]) -> int:
    return len({t.source for t in told})


def refs(told: Iterable[Told]) -> list[dict[str, str | int]]:
    """Provenance of sentences, one per sentence, in article order."""
    seen: dict[tuple[str, int], Told] = {}
    for t in told:
        seen.setdefault((t.article, t.start), t)
    return [seen[k].ref for k in sorted(seen)]


def item_id(prefix: str, scope: int, anchor: Told, extra: str = "") -> str:
    """An id that stays the same while the sentence it stems from does (`scope`: the year rebuilt, ...)."""
    digest = hashlib.sha1(f"{scope}:{anchor.article}:{anchor.start}:{extra}".encode()).hexdigest()[:12]
    return f"{prefix}{digest}"


@dataclass
class Group:
    """Sentences that tell one thing."""

    members: list[Told]

    def add(self, t: Told) -> None:
        self.members.append(t)


def group(
    told: Sequence[Told],
    weights: Weights,
    threshold: float,
    fits: Callable[[Group, Told], bool] = lambda g, t: True,
) -> list[Group]:
    """Sentences in the given order, each joining the group whose members it is most like (its best match,
    at least `threshold`, among groups it `fits`), or starting one. Groups are found through the rare
    words and actors they share, so a story of thousands of sentences is not compared pair by pair."""
    groups: list[Group] = []
    index: dict[str | int, list[int]] = {}
    for t in told:
        keys = weights.rare(t)
        hits: Counter[int] = Counter()
        for k in keys:
            hits.update(index.get(k, ()))
        need = min(2, len(keys))
        best, best_score = None, threshold
        for gi, n in hits.most_common(CANDIDATES):
            g = groups[gi]
            if n < need or any(m.article == t.article for m in g.members) or not fits(g, t):
                continue
            score = max(weights.similarity(t, m) for m in g.members[:COMPARED])
            if score >= best_score:
                best, best_score = gi, score
        if best is None:
            groups.append(Group([t]))
            best = len(groups) - 1
        else:
            groups[best].add(t)
        for k in keys:
            bucket = index.setdefault(k, [])
            if not bucket or bucket[-1] != best:
                bucket.append(best)
    return groups


def representative(g: Group, weights: Weights, prefer: Callable[[Told], float] | None = None) -> Told:
    """The member most like the others: the wording most outlets share. Originals, report sentences
    (not quotes) and sentences of a readable length first."""

    def score(t: Told) -> float:
        n = len(t.text.split())
        shape = (0.0 if t.copy else 1.0) + (0.0 if t.quoted else 1.0) + (1.0 if 8 <= n <= 45 else 0.0)
        centrality = sum(weights.similarity(t, o) for o in g.members if o is not t)
        return shape * 10 + centrality + (prefer(t) if prefer else 0.0)

    return max(g.members, key=lambda t: (score(t), -t.start))
