"""An outlet's template paragraphs: the boilerplate it prints under unrelated articles.

A site repeats a "background" paragraph, a promo or a subscription appeal across articles
that have nothing else in common. Left in, that paragraph is shared text: two unrelated
pages look like copies of each other (on a short page it can be half the shingles) and
its words pull the outlet's articles towards one story. So a paragraph is the outlet's
template when at least `SEEN_IN` of its articles carry it that are otherwise different:
the rest of their words overlap less than `SAME_TEXT` (containment of the smaller set of
content words in the larger). The same paragraph in copies of one text (a reprint, an
update, a rewrite: they share most of their other words) is content, not a template, and
different outlets never share a template (a wire paragraph in the reports of several
outlets is news). The features stage leaves template paragraphs out of everything it
compares (shingles, skeleton, terms, names, the embedding).

Only paragraphs of at least `MIN_WORDS` words are considered: a shorter line ("Reporting
by ...") says too little to matter either way. Paragraphs are matched by a hash of their
normalized text, so case, quote styles and white space do not hide a repeat.

The outlet of an article is `ingest.outlets.template_key`: its outlet's name, or the
URL's site (an article with neither has no templates).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from typing import TypeVar

from storyline.ingest.outlets import template_key
from storyline.model import PARAGRAPH_SEPARATOR, Article, normalize_body
from storyline.store.sqlite import Store
from storyline.text import content_words

MIN_WORDS = 8  # words a paragraph needs to be a template (a credit line, "Reporting by Jane Roe", is shorter)
SEEN_IN = 2  # otherwise different articles of one outlet carrying it (benchmarks/templates.py)
SAME_TEXT = 0.5  # content-word containment from which two articles tell one text, not two
MIN_REST = 5  # content words the rest of an article needs for the comparison to say anything
MAX_CARRIERS = 50  # earliest articles carrying a paragraph read to decide (a bound, never reached by a template)
_CACHE = 5000  # articles whose paragraphs are kept between decisions

T = TypeVar("T")
Paragraphs = list[tuple[int | None, frozenset[str]]]  # (hash or None when short, content words) per paragraph


def paragraph_hash(text: str) -> int | None:
    """A 63-bit hash of the paragraph's normalized text (an SQLite integer); None under `MIN_WORDS`.

    Normalized as article ids are (`model.normalize_body`: case, quote and dash styles, white
    space), which costs a fraction of splitting words: this runs over every pending
    paragraph in the one process that feeds the workers."""
    if len(text.split()) < MIN_WORDS:
        return None
    digest = hashlib.blake2b(normalize_body(text).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def hashes_of(article: Article) -> list[int | None]:
    """Each paragraph's hash (None for a short one)."""
    return [paragraph_hash(article.paragraph_text(i)) for i in range(len(article.paragraphs))]


def paragraphs_of(article: Article) -> Paragraphs:
    """Each paragraph's hash and content words."""
    found: Paragraphs = []
    for i in range(len(article.paragraphs)):
        text = article.paragraph_text(i)
        found.append((paragraph_hash(text), frozenset(content_words(text))))
    return found


def rest(paragraphs: Paragraphs, without: Collection[int]) -> frozenset[str]:
    """The content words of an article outside the paragraphs with these hashes."""
    return frozenset().union(*(terms for h, terms in paragraphs if h not in without))


def different(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two articles' other words tell two texts (not one text copied or rewritten)."""
    if len(a) < MIN_REST or len(b) < MIN_REST:
        return False  # too little besides the paragraph to tell: the paragraph may be the text
    return len(a & b) / min(len(a), len(b)) < SAME_TEXT


def is_template(rests: Iterable[frozenset[str]], seen_in: int | None = None) -> bool:
    """Whether `seen_in` of the carriers (the rest of each, in arrival order) differ from each other.

    Greedy: a carrier counts when it differs from every one counted before it, so copies of
    one text count once however many there are."""
    need = seen_in or SEEN_IN
    counted: list[frozenset[str]] = []
    for words_ in rests:
        if all(different(words_, other) for other in counted):
            counted.append(words_)
            if len(counted) >= need:
                return True
    return False


def body_without(article: Article, skip: Collection[int]) -> str:
    """The body without the paragraphs at these indices: the text compared with other articles."""
    if not skip:
        return article.body
    kept = (article.paragraph_text(i) for i in range(len(article.paragraphs)) if i not in skip)
    return PARAGRAPH_SEPARATOR.join(kept)


class Templates:
    """The features stage's view of each outlet's templates, over the store's record of
    paragraphs (`outlet_paragraphs`, written by `record`). Decisions are cached for a run:
    `record` sees a run's pending articles before any is decided, so an article is judged
    with every paragraph of the run, whatever its place in it."""

    def __init__(self, store: Store, seen_in: int | None = None) -> None:
        self.store = store
        self.seen_in = seen_in or SEEN_IN  # read at run time: benchmarks/templates.py sets it
        self._decided: dict[tuple[str, int], bool] = {}
        self._templates: dict[str, set[int]] = {}  # by outlet: those decided so far
        self._hashes: dict[str, list[int | None]] = {}  # the run's articles, from `record`
        self._articles: dict[str, Article] = {}  # the run's articles, kept for decisions
        self._paragraphs: dict[str, Paragraphs] = {}  # of the carriers read to decide

    def record(self, articles: Iterable[Article]) -> int:
        """Record the long paragraphs of these articles under their outlet (inside the caller's
        transaction); returns how many rows were offered."""
        rows: list[tuple[str, int, str]] = []
        for article in articles:
            key = template_key(article.outlet, article.url)
            if key is None:
                continue
            hashes = hashes_of(article)
            if any(h is not None for h in hashes):
                _keep(self._hashes, article.id, hashes)
                _keep(self._articles, article.id, article)
            rows.extend((key, h, article.id) for h in {h for h in hashes if h is not None})
        self.store.features.record_paragraphs(rows)
        return len(rows)

    def skip(self, article: Article) -> frozenset[int]:
        """Indices of the article's paragraphs that are its outlet's template; none when leaving
        them out would leave no word: an article of boilerplate alone is compared as it is."""
        key = template_key(article.outlet, article.url)
        if key is None:
            return frozenset()
        hashes = self._hashes.get(article.id)
        if hashes is None:
            hashes = hashes_of(article)
        undecided = [h for h in dict.fromkeys(hashes) if h is not None and (key, h) not in self._decided]
        if undecided:
            self._settle(key, undecided)
        skip = frozenset(i for i, h in enumerate(hashes) if h is not None and self._decided[key, h])
        if skip and not any(
            content_words(article.paragraph_text(i)) for i in range(len(article.paragraphs)) if i not in skip
        ):
            return frozenset()
        return skip

    def _settle(self, outlet: str, hashes: list[int]) -> None:
        """Decide these paragraphs of one article, in its order; those found not to be templates
        are tried again while the others add templates to leave out of the comparison."""
        carried = self.store.features.paragraph_carriers(outlet, hashes)
        contested = [h for h in hashes if carried.get(h, 0) >= self.seen_in]
        for h in hashes:
            self._decided[outlet, h] = False
        while contested:
            left = [h for h in contested if not self._decide(outlet, h)]
            for h in set(contested) - set(left):
                self._decided[outlet, h] = True
            if len(left) == len(contested):
                break
            contested = left

    def _decide(self, outlet: str, paragraph: int) -> bool:
        """Whether the paragraph is a template of the outlet: its carriers compared on their
        other words, without the outlet's templates found so far (two unrelated pages that
        share a promo and a background paragraph share little else)."""
        ids = self.store.features.paragraph_carrier_ids(outlet, paragraph, MAX_CARRIERS)
        known = self._templates.setdefault(outlet, set())
        found = is_template((rest(self._load(i), known | {paragraph}) for i in ids), self.seen_in)
        if found:
            known.add(paragraph)
        return found

    def _load(self, article_id: str) -> Paragraphs:
        found = self._paragraphs.get(article_id)
        if found is None:
            article = self._articles.get(article_id) or self.store.articles.get(article_id)
            found = paragraphs_of(article) if article is not None else []
            _keep(self._paragraphs, article_id, found)
        return found


def _keep(cache: dict[str, T], key: str, value: T) -> None:
    """A bounded cache: emptied when full (a run's articles are read in order, once)."""
    if len(cache) >= _CACHE:
        cache.clear()
    cache[key] = value
