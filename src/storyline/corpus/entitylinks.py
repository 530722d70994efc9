"""Which mention names whom inside one article: "Mr Umerov" is the "Rustem Umerov" of the lede.

News style introduces a person once by full name and then uses the bare surname, so the
surname alone is resolved against the full names *of the same article* (its author knew
whom they meant), never against the whole corpus. A surname shared by two full names in the
article ("Donald Trump" and "Melania Trump") is left unlinked unless the title settles it
("Mrs Trump"): a wrong link corrupts two entities, a missing one costs one alias.

First names alone ("Donald", "Rustem") are never linked: news prose names adults by surname,
so a bare first name is usually someone else (a child, a victim, a quoted resident, a pop
star), and a first name is shared by far more people than a surname ("Ali Khamenei" and
"Ali Larijani" in one article would make every "Ali" ambiguous anyway).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyline.corpus.namekey import fold, given_gender, name_key, same_given, split_key, suffix_of
from storyline.records import PERSON, Mention

_MALE = frozenset({"mr", "mister", "sir", "lord", "king", "prince", "monsieur", "herr", "senor", "sheikh", "emir"})
_FEMALE = frozenset({"mrs", "ms", "miss", "madam", "madame", "dame", "lady", "queen", "princess", "frau", "senora"})
_ACRONYM = re.compile(r"^[A-Z](?:\.?[A-Z&]){1,6}\.?$")
_POSSESSOR = re.compile(r"^\S+?['’]s?\s+(.+)$")
_FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "de", "du", "la", "le", "des", "to"})


def title_gender(title: str | None) -> str | None:
    """ "m", "f" or None: a title is the only gender evidence a name carries in news prose."""
    if not title:
        return None
    words = set(re.findall(r"[a-z]+", fold(title)))
    if words & _FEMALE or {"first", "lady"} <= words:
        return "f"
    if words & _MALE:
        return "m"
    return None


def given_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two given-name sequences can belong to one person: one is contained in the other, a
    single letter matching as an initial ("George W. Bush" / "George Walker Bush"), and two
    different middle parts are a contradiction ("George H. W. Bush" / "George W. Bush") unless
    the longer only adds a leading first name."""
    if not a or not b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if not all(any(_given_match(s, t) for t in long) for s in short):
        return False
    if len(a) > 1 and len(b) > 1 and len(a) != len(b):
        # both print middle names, and they differ in number: one person only when the longer
        # adds a first name before the other's ("Sharron Diane Crawford Smith" / "Diane Crawford Smith")
        return long[len(long) - len(short) :] == short
    if len(a) == len(b):
        return all(_given_match(x, y) for x, y in zip(a, b, strict=True))
    return True


def _given_match(a: str, b: str) -> bool:
    return same_given(a, b)


def _acronym_of(acronym: str, expansion: str) -> bool:
    letters = acronym.replace(".", "").replace("&", "").upper()
    words = re.findall(r"[^\W\d_]+", expansion)
    initials = "".join(w[0] for w in words).upper()
    content = "".join(w[0] for w in words if w.lower() not in _FUNCTION_WORDS).upper()
    return letters in (initials, content)


def link_in_article(mentions: Sequence[Mention]) -> list[int]:
    """For each mention, the index of the mention that first names the same actor in the
    article (itself when none): full names link to their first occurrence or to a longer
    form ("Tayyip Erdogan" -> "Recep Tayyip Erdogan"), bare surnames to the unique full name
    with that surname, acronyms to the expansion they follow ("... of Ukraine (SBU)")."""
    keys = [name_key(m.text) for m in mentions]
    links = list(range(len(mentions)))
    roots: list[int] = []  # first mention of every full person name
    for i, m in enumerate(mentions):
        given, surname = split_key(keys[i])
        if m.label != PERSON or not given:
            continue
        same = [
            r
            for r in roots
            if split_key(keys[r])[1] == surname
            and given_compatible(split_key(keys[r])[0], given)
            and suffix_of(keys[r]) == suffix_of(keys[i])
        ]
        exact = [r for r in same if keys[r] == keys[i]]
        if exact:
            links[i] = exact[0]
        elif len(same) == 1:
            links[i] = same[0]
        else:
            roots.append(i)
    titles: dict[int, list[str | None]] = {r: [] for r in roots}
    for i, m in enumerate(mentions):
        if links[i] in titles and m.title:
            titles[links[i]].append(m.title)
    for i, m in enumerate(mentions):
        if links[i] != i or i in titles:
            continue
        given, surname = split_key(keys[i])
        if not given and m.label in (PERSON, "ORG"):
            candidates = [r for r in roots if split_key(keys[r])[1] == surname]
            target = _surname_referent(m, candidates, {r: [*titles[r], _as_title(keys[r])] for r in candidates})
            if target is None and len(candidates) > 1:
                target = _by_first_name_convention(candidates, keys)
            if target is not None:
                links[i] = target
                continue
        links[i] = _non_person_referent(i, mentions, keys, links)
    for i in range(len(links)):  # an acronym may point to a later expansion: follow to the root
        seen = {i}
        while links[links[i]] != links[i] and links[links[i]] not in seen:
            seen.add(links[i])
            links[i] = links[links[i]]
    return links


def _by_first_name_convention(candidates: list[int], keys: list[str]) -> int | None:
    """Two people of one surname in an article ("Scott Peterson", "Laci Peterson"): news calls
    the one it keeps to by the surname and the others by their first names ("Laci"). When every
    namesake but one is also named by first name alone, a bare surname is that one."""
    first_names = {key for key in keys if len(key.split()) == 1}
    by_surname = [r for r in candidates if split_key(keys[r])[0][0] not in first_names]
    return by_surname[0] if len(by_surname) == 1 else None


def _as_title(key: str) -> str | None:
    """A gendered given name stands in for a title in the gender check ("Bill" is no "Mrs")."""
    return {"m": "Mr", "f": "Ms"}.get(given_gender(key) or "")


def _surname_referent(mention: Mention, candidates: list[int], titles: dict[int, list[str | None]]) -> int | None:
    gender = title_gender(mention.title)
    if gender:
        candidates = [r for r in candidates if all(title_gender(t) in (None, gender) for t in titles[r])]
    if len(candidates) > 1 and mention.title:
        # "President Trump" with a "President Donald Trump" and a "Melania Trump": same office.
        office = fold(mention.title).split()[-1]
        same_office = [r for r in candidates if any(t and fold(t).split()[-1] == office for t in titles[r])]
        candidates = same_office or candidates
    return candidates[0] if len(candidates) == 1 else None


def _non_person_referent(i: int, mentions: Sequence[Mention], keys: list[str], links: list[int]) -> int:
    m = mentions[i]
    person = m.label == PERSON
    gender = title_gender(m.title)
    for j in range(i):  # the same name again: places, bodies, a surname no full name explains
        if keys[j] == keys[i] and (mentions[j].label == PERSON) == person:
            if person and title_gender(mentions[j].title) != gender:
                continue  # "Mrs Trump" is not the unexplained "Trump" before her
            return links[j]
    if person:
        return i
    if _ACRONYM.match(m.text):
        for j in range(len(mentions)):
            other = mentions[j]
            if j == i or other.label == PERSON or len(keys[j].split()) < 2:
                continue
            # "Security Service of Ukraine (SBU)": right after its expansion, same first letter.
            follows = j < i and 0 <= m.start - other.end <= 3 and fold(m.text)[0] == fold(other.text)[0]
            if follows or _acronym_of(m.text, other.text):
                return links[j] if j < i else j
    described = _POSSESSOR.match(m.text)
    if described and len(described.group(1).split()) >= 2:
        # "Kyiv's security service" after "the Security Service of Ukraine": the possessive
        # paraphrase of a named body printed earlier in the article.
        rest = name_key(described.group(1))
        found = {links[j] for j in range(i) if mentions[j].label != PERSON and keys[j].startswith(rest + " ")}
        if len(found) == 1:
            return found.pop()
    return i
