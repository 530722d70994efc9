"""Canonical entities: one identity per actor across the store, whatever the spelling.

Articles arrive one at a time, forever, so resolution is incremental: each article's
mentions are first linked inside the article (`entitylinks`), then every chain is matched
to the index by exact keys (`namekey`), by compatible full names, and only then fuzzily,
always through dictionaries keyed by name parts, never by scanning the entities.

The rules lean to precision. Two people who share a surname stay apart unless the rest of
the name agrees ("Wang Yi"/"Wang Huning", "Donald"/"Melania Trump"); a bare surname is
trusted only where a reader would trust it: inside its article, or inside its story when
the story has exactly one person of that name. Elsewhere it becomes a surname-only entity
that is never merged with full names. "George Bush" (no middle initial) joins a "George W.
Bush" seen before; "George H. W. Bush" never joins an entity that has printed another middle.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from storyline.corpus.entitylinks import given_compatible, link_in_article, title_gender
from storyline.corpus.namekey import (
    descriptor_key,
    fold,
    given_equivalents,
    given_gender,
    name_key,
    sound_key,
    split_key,
    suffix_of,
)
from storyline.records import PERSON, Mention

__all__ = ["Entity", "EntityIndex", "link_in_article", "name_key"]

# Label order for ties in the majority vote: a name seen as often as a person as a body is a person.
_LABEL_ORDER = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
SURNAME_SIMILARITY = 0.8  # normalized Levenshtein of the surnames' sound keys (Qaddafi/Gaddafi: 1.0)
GIVEN_SIMILARITY = 0.75  # of the first given names, which must also share their initial (Muammar/Moammar)
MIN_FUZZY_LENGTH = 5  # shorter surnames differ by one letter too often (Kim/Kin, Lee/Lea)
TYPO_GIVEN_LENGTH = 6  # a first name one letter off is a typo only when both are this long
DOMINANT = 0.8  # share of a surname's full-named people's mentions that makes one of them "the" namesake


@dataclass
class Entity:
    """One actor of the corpus with every spelling it was printed under."""

    id: int
    name: str
    type: str
    aliases: dict[str, int] = field(default_factory=dict)
    labels: dict[str, int] = field(default_factory=dict)
    articles: set[str] = field(default_factory=set)
    mentions: int = 0

    def refresh(self) -> None:
        """Canonical name and type from the counts: the most printed full form (a person's
        "Rustem Umerov" rather than "Umerov"), and the majority label, which is how a name
        the tagger sometimes calls ORG ("Trump") still comes out a person."""
        if self.labels:
            self.type = max(self.labels, key=lambda lab: (self.labels[lab], -_label_rank(lab)))
        forms = self.aliases
        if self.type == PERSON:
            full = {a: n for a, n in forms.items() if len(name_key(a).split()) > 1}
            forms = full or forms
        if forms:
            self.name = max(forms, key=lambda a: (forms[a], len(a), a))


def _label_rank(label: str) -> int:
    return _LABEL_ORDER.index(label) if label in _LABEL_ORDER else len(_LABEL_ORDER)


_NOT_OFFICE = frozenset({"of", "the", "for", "and", "former", "then", "late", "mr", "mrs", "ms", "miss", "dr", "sir"})


def _office_words(title: str | None) -> set[str]:
    """The words of a printed title that name an office ("Secretary of State" -> secretary,
    state), without honorifics and qualifiers: evidence of which namesake a title means."""
    if not title:
        return set()
    return {w for w in re.findall(r"[a-z]+", fold(title)) if w not in _NOT_OFFICE and len(w) > 2}


def _one_word(key: str) -> bool:
    return len(key.split()) == 1


class EntityIndex:
    """The corpus's entities with lookup tables by key, by given name + surname, by surname and
    by a fuzzy block, kept in step as entities grow."""

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        self._entities: dict[int, Entity] = {}
        self._by_key: dict[str, set[int]] = defaultdict(set)
        self._by_given: dict[str, set[int]] = defaultdict(set)  # "given|surname" of full person names
        self._by_surname: dict[str, set[int]] = defaultdict(set)  # surname of full person names
        self._blocks: dict[str, set[int]] = defaultdict(set)  # first initial + first/last 3 letters of the surname
        self._forms: dict[int, set[tuple[tuple[str, ...], str]]] = {}  # full person names
        self._suffixes: dict[int, set[str]] = defaultdict(set)  # "jr", "" ... of the full person names
        self._by_descriptor: dict[str, set[int]] = defaultdict(set)  # "head|country" of named bodies
        self._story_people: dict[str, set[int]] = defaultdict(set)
        self._story_bare: dict[tuple[str, str], int] = {}  # (story, surname) -> its surname-only entity
        self._story_bound: set[int] = set()  # surname-only entities that belong to one story
        self._merged: dict[int, int] = {}
        self._gender: dict[int, str] = {}
        self._offices: dict[int, set[str]] = defaultdict(set)  # title words a person was printed with
        self._changed: set[int] = set()
        self._next_id = 1
        for entity in entities:
            self._entities[entity.id] = entity
            self._next_id = max(self._next_id, entity.id + 1)
            for alias in entity.aliases:
                self._index_alias(entity, alias, entity.type == PERSON)

    def remember_story(self, story: str, entity_ids: Iterable[int]) -> None:
        """Restore which people a story names (kept in the store as the entities of its
        articles), so that after a restart a bare surname in that story still finds the one
        person it printed in full, and its surname-only entity stays its own."""
        for eid in entity_ids:
            entity = self._entities.get(eid)
            if entity is None or entity.type != PERSON:
                continue
            if eid in self._forms:
                self._story_people[story].add(eid)
            elif len(keys := {name_key(a) for a in entity.aliases}) == 1:
                self._story_bare[(story, keys.pop())] = eid
                self._story_bound.add(eid)

    @property
    def entities(self) -> Mapping[int, Entity]:
        return self._entities

    def __len__(self) -> int:
        return len(self._entities)

    def changed(self) -> list[Entity]:
        """Entities created or updated since the last call, for the store to write."""
        out = [self._entities[i] for i in sorted(self._changed)]
        self._changed.clear()
        return out

    def merged(self) -> dict[int, int]:
        """Entities absorbed since the last call (absorbed id -> surviving id): a story's bare
        "Cheeks", held apart until then, joins "Maurice Cheeks" once the story names him in full.
        The store must repoint the absorbed entity's mentions and delete it."""
        out = dict(self._merged)
        self._merged.clear()
        return out

    def resolve(self, article_id: str, mentions: Sequence[Mention], story: str | None = None) -> list[int]:
        """The entity id of every mention of one article, creating or growing entities."""
        links = link_in_article(mentions)
        chains: dict[int, list[int]] = defaultdict(list)
        for i, root in enumerate(links):
            chains[root].append(i)
        out = [0] * len(mentions)
        for root, members in chains.items():
            labels = Counter(mentions[i].label for i in members)
            label = max(labels, key=lambda lab: (labels[lab], -_label_rank(lab)))
            if any(len(name_key(mentions[i].text).split()) > 1 and mentions[i].label == PERSON for i in members):
                label = PERSON
            genders = {g for i in members if (g := title_gender(mentions[i].title))}
            gender = genders.pop() if len(genders) == 1 else None
            key = name_key(mentions[root].text)
            offices = {w for i in members for w in _office_words(mentions[i].title)}
            eid = self._match(mentions[root].text, label, gender, story, offices)
            entity = self._entities[eid] if eid else self._new(label)
            if story and not eid and label == PERSON and len(key.split()) == 1:
                self._story_bare[(story, key)] = entity.id
                self._story_bound.add(entity.id)
            for i in members:
                self._add(entity, mentions[i], article_id, label if label == PERSON else None)
                out[i] = entity.id
            entity.refresh()
            if gender and entity.type == PERSON:
                self._gender.setdefault(entity.id, gender)
            if offices and entity.type == PERSON:
                self._offices[entity.id] |= offices
            if story and entity.id in self._forms:
                self._story_people[story].add(entity.id)
        if story:  # after the whole article: "Scott" and "Laci Petersen" together make "Petersen" ambiguous
            for eid in sorted({e for e in out if e in self._forms}):
                self._absorb_story_surnames(self._entities[eid], story)
        return [self._surviving(i) for i in out]

    # -- matching ---------------------------------------------------------------------------

    def _match(
        self,
        text: str,
        label: str,
        gender: str | None,
        story: str | None,
        offices: AbstractSet[str] = frozenset(),
    ) -> int | None:
        key = name_key(text)
        given, surname = split_key(key)
        if not surname:
            return None
        if label == PERSON and given:
            return self._match_full(key, given, surname, gender, story)
        if label == PERSON or (label == "ORG" and _one_word(key)):
            found = self._match_surname(key, gender, story, offices)
            if found is not None or label == PERSON:
                return found if found is not None else self._first(self._by_key.get(key, set()), self._is_other)
        exact = self._by_key.get(key, set())
        # A person printed in full and tagged ORG here ("Rustem Umerov") is that person; else a
        # place or body of that name.
        found = self._first(exact, lambda e: e in self._forms) or self._first(exact, self._is_other)
        descriptor = descriptor_key(text)
        if found is None and descriptor:
            found = self._first(self._by_descriptor.get(descriptor, set()), self._is_other)
        return found

    def _match_full(
        self, key: str, given: tuple[str, ...], surname: str, gender: str | None, story: str | None
    ) -> int | None:
        exact = self._first(self._by_key.get(key, set()), lambda e: e in self._forms)
        if exact is not None:
            return exact
        if (other := self._first(self._by_key.get(key, set()), self._is_other)) is not None:
            return other  # "Rustem Umerov" tagged ORG in an earlier article: one full name, one entity
        candidates: set[int] = set()
        for g in given:
            for form in given_equivalents(g) if len(g) > 1 else ():
                candidates |= self._by_given.get(f"{form}|{surname}", set())
        suffix = suffix_of(key)
        compatible = [e for e in candidates if self._fits(e, given, gender) and suffix in self._suffixes[e]]
        if compatible:
            return self._prefer(compatible, story)
        return self._fuzzy(given, surname, suffix, gender, story)

    def _fits(self, eid: int, given: tuple[str, ...], gender: str | None) -> bool:
        if gender and self._gender.get(eid, gender) != gender:
            return False
        forms = self._forms.get(eid, set())
        middles = {g[1:] for g, _ in forms if len(g) > 1}
        if len(given) > 1 and any(not given_compatible(given, (given[0], *m)) for m in middles):
            return False  # "George H. W. Bush" against an entity that printed "George W. Bush"
        return any(given_compatible(g, given) for g, _ in forms)

    def _fuzzy(
        self, given: tuple[str, ...], surname: str, suffix: str, gender: str | None, story: str | None
    ) -> int | None:
        sound = sound_key(surname)
        if len(sound) < MIN_FUZZY_LENGTH - 1:
            return self._misspelt_given(given, surname, suffix, gender, story)
        first = sound_key(given[0])
        scored: list[tuple[float, int]] = []
        initial = first[:1]
        for eid in self._blocks.get(f"{initial}<{sound[:3]}", set()) | self._blocks.get(
            f"{initial}{sound[-3:]}>", set()
        ):
            if (gender and self._gender.get(eid, gender) != gender) or suffix not in self._suffixes[eid]:
                continue
            best = 0.0
            for g, s in self._forms.get(eid, set()):
                other = sound_key(s)
                if not g or (len(g) > 1 and len(given) > 1 and g[1:] != given[1:]):
                    continue  # two different middle parts: George H. W. / George W. Bush
                # A four-letter surname (Kusa/Koussa) only with a first name that sounds the same.
                shortest = MIN_FUZZY_LENGTH if sound_key(g[0]) != first else MIN_FUZZY_LENGTH - 1
                if min(len(other), len(sound)) < shortest:
                    continue
                s_sim = Levenshtein.normalized_similarity(sound, other)
                f = sound_key(g[0])
                if s_sim < SURNAME_SIMILARITY or f[0] != first[0]:
                    continue
                f_sim = 1.0 if f == first else Levenshtein.normalized_similarity(f, first)
                if f != first and (min(len(f), len(first)) < 4 or f_sim < GIVEN_SIMILARITY):
                    continue
                best = max(best, s_sim + f_sim)
            if best:
                scored.append((best, eid))
        if not scored:
            return None
        top = max(score for score, _ in scored)
        return self._prefer([e for score, e in scored if score == top], story)

    def _misspelt_given(
        self, given: tuple[str, ...], surname: str, suffix: str, gender: str | None, story: str | None
    ) -> int | None:
        """A short surname printed alike with a first name one letter off ("Vincente Fox" /
        "Vicente Fox", BASIL): a typo when both first names are long, differ by one letter inside
        the word (not at the end) and have no conflicting gender; else too short a surname for
        the fuzzy rule."""
        first = given[0]
        if len(first) < TYPO_GIVEN_LENGTH:
            return None
        found = []
        for eid in self._by_surname.get(surname, set()):
            if (gender and self._gender.get(eid, gender) != gender) or suffix not in self._suffixes[eid]:
                continue
            for g, s in self._forms.get(eid, set()):
                if s != surname or not g or len(g[0]) < TYPO_GIVEN_LENGTH or g[0][0] != first[0]:
                    continue
                if {given_gender(g[0]), given_gender(first)} >= {"m", "f"}:
                    continue
                # one letter off inside the word: an ending carries gender (Antonio/Antonia)
                if Levenshtein.distance(g[0], first) == 1 and g[0][-2:] == first[-2:]:
                    found.append(eid)
                    break
        return self._prefer(found, story) if found else None

    def _match_surname(
        self, key: str, gender: str | None, story: str | None, offices: AbstractSet[str] = frozenset()
    ) -> int | None:
        """A bare surname: the one full-named person of that surname in the story, else the
        surname-only entity of that spelling (never a full-named person chosen corpus-wide)."""
        if story:
            people = {
                e
                for e in self._story_people.get(story, set())
                if gender is None or self._gender.get(e, gender) == gender
            }
            same = [e for e in people if any(s == key for _, s in self._forms.get(e, set()))]
            if not same and len(sound_key(key)) >= MIN_FUZZY_LENGTH:
                same = [
                    e
                    for e in people
                    if any(
                        Levenshtein.normalized_similarity(sound_key(s), sound_key(key)) >= 0.85
                        for _, s in self._forms.get(e, set())
                    )
                ]
            if len(same) > 1 and offices:  # "Secretary Clinton" in a story of Bill and Hillary
                same = [e for e in same if self._offices.get(e, set()) & offices] or same
            if len(same) == 1:
                return same[0]
            bare = self._story_bare.get((story, key))
            if same:
                return bare  # two namesakes in the story: only the story's own bare entity
            person = self._corpus_person(key, gender, offices)
            if person is not None and bare is not None and bare in self._entities:
                self._merge(bare, self._entities[person])
                del self._story_bare[(story, key)]
            return person if person is not None else bare
        found = self._corpus_person(key, gender, offices)
        if found is not None:
            return found
        return self._first(
            self._by_key.get(key, set()), lambda e: self._is_surname_only(e) and e not in self._story_bound
        )

    def _corpus_person(self, surname: str, gender: str | None, offices: AbstractSet[str] = frozenset()) -> int | None:
        """The person a bare surname means when its story names no one of that surname: the
        corpus's one full-named person of that surname, or the one who holds nearly all of that
        surname's mentions ("Obama" in a story that only says "President Obama", BASIL). Two
        namesakes of similar weight ("Bill", "Hillary Clinton" early on) leave it unresolved."""
        people = [
            e
            for e in self._by_surname.get(surname, set())
            if e in self._entities
            and self._entities[e].type == PERSON
            and (gender is None or self._gender.get(e, gender) == gender)
        ]
        if len(people) == 1:
            return people[0]
        if not people:
            return None
        if offices:  # "Secretary Clinton": the one namesake printed with that office before
            same_office = [e for e in people if self._offices.get(e, set()) & offices]
            if len(same_office) == 1:
                return same_office[0]
        weight = {e: self._entities[e].mentions for e in people}
        top = max(people, key=lambda e: (weight[e], -e))
        return top if weight[top] >= DOMINANT * sum(weight.values()) else None

    def _is_surname_only(self, eid: int) -> bool:
        return eid not in self._forms and self._entities[eid].type == PERSON

    def _is_other(self, eid: int) -> bool:
        return self._entities[eid].type != PERSON

    def _first(self, ids: Iterable[int], keep: Callable[[int], bool]) -> int | None:
        kept = [e for e in ids if keep(e)]
        return max(kept, key=lambda e: (self._entities[e].mentions, -e)) if kept else None

    def _prefer(self, ids: list[int], story: str | None) -> int:
        """Among equal candidates, the one already in this story, then the most mentioned."""
        in_story = self._story_people.get(story, set()) if story else set()
        return max(ids, key=lambda e: (e in in_story, self._entities[e].mentions, -e))

    # -- bookkeeping -------------------------------------------------------------------------

    def _surviving(self, eid: int) -> int:
        while eid in self._merged:
            eid = self._merged[eid]
        return eid

    def _absorb_story_surnames(self, entity: Entity, story: str) -> None:
        """Fold the story's surname-only entity into the one full-named person of that surname."""
        for surname in {s for _, s in self._forms[entity.id]}:
            bare = self._story_bare.get((story, surname))
            if bare is None or bare == entity.id or bare not in self._entities:
                continue
            same = [e for e in self._story_people[story] if any(s == surname for _, s in self._forms.get(e, set()))]
            gender = self._gender.get(bare)
            if len(same) != 1 or (gender and self._gender.get(entity.id, gender) != gender):
                continue
            self._merge(bare, entity)
            del self._story_bare[(story, surname)]

    def _merge(self, absorbed: int, into: Entity) -> None:
        gone = self._entities.pop(absorbed)
        for alias, n in gone.aliases.items():
            into.aliases[alias] = into.aliases.get(alias, 0) + n
            self._by_key[name_key(alias)].discard(absorbed)
            self._index_alias(into, alias, True)
        for label, n in gone.labels.items():
            into.labels[label] = into.labels.get(label, 0) + n
        into.articles |= gone.articles
        into.mentions += gone.mentions
        into.refresh()
        self._story_bound.discard(absorbed)
        self._gender.pop(absorbed, None)
        self._changed.discard(absorbed)
        self._changed.add(into.id)
        self._merged[absorbed] = into.id

    def _new(self, label: str) -> Entity:
        entity = Entity(id=self._next_id, name="", type=label)
        self._next_id += 1
        self._entities[entity.id] = entity
        return entity

    def _add(self, entity: Entity, mention: Mention, article_id: str, chain: str | None = None) -> None:
        """Count the mention under its chain's label when the chain is a person (a "Trump" the
        tagger called ORG, linked to "Donald Trump" in its article, is a person's mention)."""
        label = chain or mention.label
        entity.aliases[mention.text] = entity.aliases.get(mention.text, 0) + 1
        entity.labels[label] = entity.labels.get(label, 0) + 1
        entity.articles.add(article_id)
        entity.mentions += 1
        self._changed.add(entity.id)
        self._index_alias(entity, mention.text, label == PERSON or entity.type == PERSON)

    def _index_alias(self, entity: Entity, alias: str, person: bool) -> None:
        key = name_key(alias)
        self._by_key[key].add(entity.id)
        descriptor = None if person else descriptor_key(alias)
        if descriptor:
            self._by_descriptor[descriptor].add(entity.id)
        given, surname = split_key(key)
        forms = self._forms.setdefault(entity.id, set()) if person and given else None
        if forms is None or (given, surname) in forms:
            return
        forms.add((given, surname))
        if gender := given_gender(key):
            self._gender.setdefault(entity.id, gender)
        self._suffixes[entity.id].add(suffix_of(key))
        self._by_surname[surname].add(entity.id)
        for g in given:
            for form in given_equivalents(g):  # "Ted Kennedy" is found from "Edward Kennedy" and back
                self._by_given[f"{form}|{surname}"].add(entity.id)
        sound, initial = sound_key(surname), sound_key(given[0])[:1]
        self._blocks[f"{initial}<{sound[:3]}"].add(entity.id)  # the fuzzy match needs this initial anyway
        self._blocks[f"{initial}{sound[-3:]}>"].add(entity.id)
