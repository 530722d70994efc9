"""Who is speaking: from the subject of a reporting verb to a named actor, a source or a document.

A quote is only as useful as its speaker, and the integrator maps speakers to canonical
entities by offsets. So a speaker is always tied to printed words: a mention when the text
names one (directly, or through "he" / "the Ukrainian president" resolved to the person the
paragraph is about), otherwise the noun phrase itself ("unnamed: a senior official",
"the memorandum").

The pipeline runs without a lemmatizer, so reporting verbs come from a lexicon that prints
every inflection (`data/speech/reporting_verbs.txt`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Span, Token

from storyline import data
from storyline.records import GPE, NORP, PERSON, Mention

UNNAMED, DOCUMENT, OTHER = "UNNAMED", "DOCUMENT", "OTHER"


@cache
def speaker_nouns(kind: str) -> frozenset[str]:
    """Nouns of one kind from `data/speech/speaker_nouns.tsv`: source, title, document or not_speaker."""
    return frozenset(word for k, word in data.rows("speech", "speaker_nouns.tsv") if k == kind)


SOURCE_NOUNS = speaker_nouns("source")  # heads that stand for a person the text does not name
TITLE_NOUNS = speaker_nouns("title")  # with "the" and no name, point back to a person already named
DOCUMENT_NOUNS = speaker_nouns("document")  # texts that speak ("the memorandum said")
PERSON_PRONOUNS = frozenset({"he", "she"})
THING_PRONOUNS = frozenset({"it", "they"})
RELATIVES = frozenset({"who", "which", "that"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Children that do not belong to the speaker's own name or description.
_NP_SKIP = frozenset({"relcl", "appos", "punct", "acl", "advcl", "cc", "conj"})
_WINDOW_PARAGRAPHS = 3
SHORT_QUOTE_WORDS = 4


@cache
def reporting_verbs() -> frozenset[str]:
    """Every printed form of every reporting verb, lower case."""
    return frozenset(w for line in data.lines("speech", "reporting_verbs.txt") for w in line.split())


@cache
def directive_verbs() -> frozenset[str]:
    """Reporting verbs whose content is an infinitive ("urged X to ...", "vowed to ...")."""
    return frozenset(w for line in data.lines("speech", "directive_verbs.txt") for w in line.split())


@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved speaker: `name` and offsets are what `Quote.speaker*` get; `source_*` are the
    words printed as the subject of the cue (a pronoun keeps its own offsets here)."""

    name: str
    start: int
    end: int
    label: str  # an actor label, UNNAMED, DOCUMENT or OTHER
    source_start: int
    source_end: int


class Resolver:
    """Turns subject tokens into speakers, remembering who spoke last (for "he said")."""

    def __init__(
        self, doc: Doc, mentions: Sequence[Mention], quoted: Sequence[tuple[int, int]], text: str | None = None
    ) -> None:
        self.doc = doc
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self.quoted = sorted(quoted)
        self._by_token: dict[int, Mention] = {}
        for m in self.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                old = self._by_token.get(tok.i)
                if old is None or (m.label == PERSON and old.label != PERSON):
                    self._by_token[tok.i] = m
        self.text = text = doc.text if text is None else text  # Doc.text rebuilds the string on every access
        self.paragraph_starts = [0] + [
            i + 1 for i, ch in enumerate(text) if ch == "\n" and i + 1 < len(text) and not text[i + 1].isspace()
        ]
        self.history: list[tuple[int, Speaker]] = []  # (position of the cue, speaker), in text order

    # -- helpers -------------------------------------------------------------------------------

    def paragraph(self, char: int) -> int:
        return bisect_right(self.paragraph_starts, char) - 1

    def in_quote(self, char: int) -> bool:
        return self.quote_at(char) is not None

    def quote_at(self, char: int) -> tuple[int, int] | None:
        """The quote (marks included) this character is in."""
        i = bisect_right(self.quoted, (char, 1 << 62)) - 1
        return self.quoted[i] if i >= 0 and self.quoted[i][0] <= char < self.quoted[i][1] else None

    def in_short_quote(self, char: int) -> bool:
        """Inside a title or scare quote of a few words ("wearing “Ted Cruz” pins"), which a
        speaker's description can hold without the quote being someone else's words."""
        span = self.quote_at(char)
        return span is not None and len(self.text[span[0] : span[1]].split()) <= SHORT_QUOTE_WORDS

    def mention_at(self, tok: Token) -> Mention | None:
        return self._by_token.get(tok.i)

    def remember(self, position: int, speaker: Speaker) -> None:
        self.history.append((position, speaker))

    def _from_mention(self, m: Mention, source: Span | Token) -> Speaker:
        start, end = _char_bounds(source)
        return Speaker(m.text, m.start, m.end, m.label, start, end)

    # -- the subject noun phrase ---------------------------------------------------------------

    def speaker(self, tok: Token) -> Speaker | None:
        """The speaker a subject (or `according to` object) token stands for."""
        if tok.ent_type_ in ("DATE", "TIME") and not _age(tok):  # "Thursday morning said": a parse error
            return None
        if tok.lower_ in RELATIVES and tok.head.dep_ == "relcl":  # "Lee, who backs X": Lee, printed as "who"
            found = self.speaker(tok.head.head)
            start, end = _char_bounds(tok)
            return None if found is None else replace(found, source_start=start, source_end=end)
        m = self.mention_at(tok)
        if m is not None:
            return self._from_mention(m, tok)
        np = noun_phrase(tok)
        for child in tok.children:  # "Trump's special envoy, Keith Kellogg"
            if child.dep_ == "appos" and (m := self.mention_at(child)) is not None and m.label == PERSON:
                return self._from_mention(m, np)
        if tok.pos_ == "PRON":
            return self._pronoun(tok, np)
        return self._description(tok, np)

    def _pronoun(self, tok: Token, np: Span) -> Speaker | None:
        """he / she / they point back to a person, it to a body; I and we are the writer."""
        low = tok.lower_
        if low in PERSON_PRONOUNS:
            return self.antecedent(tok, people=True, source=np)
        if low in THING_PRONOUNS:
            return self.antecedent(tok, people=False, source=np)
        if low in ("i", "we"):  # the writer, outside any quote: kept as printed
            s, e = _char_bounds(tok)
            return Speaker(tok.text, s, e, OTHER, s, e)
        return None

    def _description(self, tok: Token, np: Span) -> Speaker:
        """A subject that names no one: an unnamed source, "the president" pointing back to a
        person named before, a document, or the words as printed."""
        low = tok.lower_
        start, end = _char_bounds(np)
        description = np.text
        if low in SOURCE_NOUNS and not _has_name(np, self):
            if _definite(np):
                earlier = self._earlier_unnamed(low, start)
                if earlier is not None:
                    return Speaker(earlier.name, earlier.start, earlier.end, UNNAMED, start, end)
            return Speaker(f"unnamed: {description}", start, end, UNNAMED, start, end)
        if low in TITLE_NOUNS and _definite(np) and not _has_name(np, self):
            found = self.antecedent(tok, people=True, source=np, description=np)
            if found is not None:
                return found
        if low in DOCUMENT_NOUNS:
            return Speaker(description, start, end, DOCUMENT, start, end)
        return Speaker(description, start, end, OTHER, start, end)

    def _earlier_unnamed(self, head: str, before: int) -> Speaker | None:
        """ "the source told AFP" after "a source in the team said": the same unnamed source."""
        for _, sp in reversed(self.history):
            if sp.label == UNNAMED and sp.start < before and head in sp.name.lower().split():
                return sp
        found: Speaker | None = None
        for sent in self.doc.sents:
            if sent.start_char >= before:
                break
            for t in sent:
                if t.lower_ == head and t.dep_ in SUBJECTS and not _definite(noun_phrase(t)):
                    np = noun_phrase(t)
                    s, e = _char_bounds(np)
                    found = Speaker(f"unnamed: {np.text}", s, e, UNNAMED, s, e)
        return found

    # -- pronouns and definite descriptions ----------------------------------------------------

    def antecedent(
        self, tok: Token, *, people: bool, source: Span | Token, description: Span | None = None
    ) -> Speaker | None:
        """The actor a pronoun or "the president" points back to: the latest salient candidate
        (a main-clause subject, or an earlier quote's speaker) within a few paragraphs."""
        here = tok.idx
        first_paragraph = max(0, self.paragraph(here) - _WINDOW_PARAGRAPHS + 1)
        floor = self.paragraph_starts[first_paragraph]
        src_start, src_end = _char_bounds(source)
        candidates = [
            (position, 0, sp)
            for position, sp in self.history
            if floor <= position < here and (sp.label == PERSON) == people
        ]
        candidates += self._mentioned(floor, here, people, description, src_start, src_end)
        if not people:
            candidates += self._subject_bodies(floor, here)
        if not candidates:
            return None
        candidates.sort(key=lambda c: c[0], reverse=True)
        for limit in (0, 1, 2):
            for _, rank, sp in candidates:
                if rank <= limit:
                    return Speaker(sp.name, sp.start, sp.end, sp.label, src_start, src_end)
        return None

    def _mentioned(
        self, floor: int, here: int, people: bool, description: Span | None, src_start: int, src_end: int
    ) -> list[tuple[int, int, Speaker]]:
        """(position, salience, speaker) of the actors named between `floor` and `here`, outside
        quotes; with a description, only those whose nationality it allows."""
        wanted = nationalities(description) if description is not None else set()
        found: list[tuple[int, int, Speaker]] = []
        for m in self.mentions:
            if m.start >= here:
                break
            if m.start < floor or self.in_quote(m.start) or (m.label == PERSON) != people:
                continue
            head = self._head_token(m)
            if head is None:
                continue
            rank = salience(head)
            if wanted and not _compatible(wanted, head, self.doc):
                continue
            found.append((m.start, rank, Speaker(m.text, m.start, m.end, m.label, src_start, src_end)))
        return found

    def _subject_bodies(self, floor: int, here: int) -> list[tuple[int, int, Speaker]]:
        """Main-clause subjects between `floor` and `here` that are not people (what "it" means)."""
        found: list[tuple[int, int, Speaker]] = []
        for sent in self.doc.sents:
            if sent.start_char < floor or sent.start_char >= here:
                continue
            for child in sent.root.children:
                if child.dep_ in SUBJECTS and child.pos_ != "PRON" and not self.in_quote(child.idx):
                    speaker = self.speaker(child)
                    if speaker is not None and speaker.label != PERSON:
                        found.append((child.idx, 0, speaker))
        return found

    def _head_token(self, m: Mention) -> Token | None:
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None


def salience(tok: Token) -> int:
    """0: subject of a main clause ("was Trump" included); 1: another subject; 2: anything else."""
    while tok.dep_ in ("compound", "flat", "appos") and tok.head is not tok:
        tok = tok.head
    subject = tok.dep_ in SUBJECTS
    if tok.dep_ == "attr" and tok.head.lower_ in ("was", "is", "were", "are"):
        subject = True
    if not subject:
        return 2
    verb = tok.head
    while verb.dep_ in ("conj", "aux", "auxpass") and verb.head is not verb:  # "Looming over it was Trump"
        verb = verb.head
    return 0 if verb.dep_ == "ROOT" else 1


def noun_phrase(tok: Token) -> Span:
    """The subject's own words: its subtree without clauses and appositions hanging off it."""
    keep = [tok.i]
    for child in tok.children:
        if child.dep_ in _NP_SKIP or (
            child.dep_ == "prep" and any(t.ent_type_ in ("DATE", "TIME") for t in child.subtree)
        ):
            continue
        keep.extend(t.i for t in child.subtree)
    doc = tok.doc
    start, end = min(keep), max(keep) + 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def nationalities(np: Span | None) -> set[str]:
    if np is None:
        return set()
    return {t.lower_[:4] for t in np if t.ent_type_ in (NORP, GPE)}


def _compatible(wanted: set[str], head: Token, doc: Doc) -> bool:
    """ "the Ukrainian president" cannot be someone printed as "Russian president Vladimir Putin"."""
    left = doc[max(0, head.left_edge.i - 4) : head.i]
    found = {t.lower_[:4] for t in left if t.ent_type_ in (NORP, GPE)}
    return not found or bool(found & wanted)


def _age(tok: Token) -> bool:
    """ "said the 46-year-old": the model tags ages as dates, but an age as a subject is a person."""
    return tok.lower_ == "old" or tok.text.lower().endswith("-old")


def _definite(np: Span) -> bool:
    return len(np) > 0 and np[0].lower_ in ("the", "this", "that", "these", "those")


def _has_name(np: Span, resolver: Resolver) -> bool:
    for t in np:
        m = resolver.mention_at(t)
        if m is not None and m.label == PERSON:
            return True
    return False


def _char_bounds(x: Span | Token) -> tuple[int, int]:
    if isinstance(x, Token):
        return x.idx, x.idx + len(x.text)
    return x.start_char, x.end_char


# -- cues ------------------------------------------------------------------------------------------


def is_cue(tok: Token, verbs: frozenset[str]) -> bool:
    low = tok.lower_
    if low == "according":
        return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"
    if low == "put":  # "as Ann Lee put it,"
        return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "it" and tok.pos_ == "VERB"
    return low in verbs and tok.pos_ in ("VERB", "AUX")


def speaker_of_cue(cue: Token, resolver: Resolver, region: Sequence[Token] = ()) -> Speaker | None:
    """The speaker of a reporting verb: its subject (climbing out of "..., saying" and "and added"),
    a passive's agent, the object of "according to", or, when the parse lost the subject around
    the quote marks, the name next to the verb."""
    if cue.lower_ == "according":
        to = cue.doc[cue.i + 1]
        for child in (*to.children, *cue.children):
            if child.dep_ == "pobj":
                return resolver.speaker(child)
        return None
    found, parsed = _parsed_speaker(cue, resolver)
    return found if parsed else _nearby_speaker(cue, resolver, region)


def _parsed_speaker(cue: Token, resolver: Resolver) -> tuple[Speaker | None, bool]:
    """The speaker the parse gives, and whether it gave one (a subject, an agent, the noun a
    participle hangs off), climbing at most three heads."""
    tok = cue
    for _ in range(3):
        subjects = [
            c
            for c in tok.children
            if c.dep_ in ("nsubj", "nsubjpass" if tok is not cue else "nsubj") and not resolver.in_quote(c.idx)
        ]
        if subjects:  # "Echoing Trump, Rubio said": the subject nearest the verb
            return resolver.speaker(min(subjects, key=lambda c: abs(c.i - tok.i))), True
        for child in tok.children:
            if child.dep_ == "agent":
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        return resolver.speaker(grand), True
        if tok.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp", "dep") and tok.head is not tok:
            if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
                return resolver.speaker(tok.head), True
            tok = tok.head
            continue
        break
    return None, False


def _nearby_speaker(cue: Token, resolver: Resolver, region: Sequence[Token]) -> Speaker | None:
    """The fallback: the nearest person named in the region around the cue, else the nearest name."""

    def rank(t: Token) -> tuple[bool, int, int]:
        m = resolver.mention_at(t)
        return (m is None or m.label != PERSON, abs(t.i - cue.i), t.i)

    near = sorted(
        (
            t
            for t in region
            if t.i != cue.i
            and not resolver.in_quote(t.idx)
            and (t.pos_ in ("PROPN", "PRON") or resolver.mention_at(t) is not None)
        ),
        key=rank,
    )
    for t in near:
        if t.dep_ in ("dobj", "pobj", "dative") and t.head.i == cue.i:
            continue  # "told reporters", "said to him"
        if t.pos_ == "PRON" and t.lower_ not in ("he", "she", "it", "they"):
            continue
        while t.dep_ in ("compound", "flat") and t.head is not t:
            t = t.head
        return resolver.speaker(t)
    return None
