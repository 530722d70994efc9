from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

import pytest
import yaml

from storyline.corpus.entities import Entity, EntityIndex
from storyline.corpus.namekey import name_key
from storyline.ingest.finalize import finalize
from storyline.ingest.item import Item
from storyline.ingest.textfile import parse
from storyline.records import FAC, GPE, LOC, ORG, PERSON, Mention
from tests.helpers import SAMPLE

GOLD: dict[str, Any] = yaml.safe_load((SAMPLE / "gold.yaml").read_text("utf-8"))
TITLES = ("Ukrainian President ", "Russian President ", "President ", "Mr ", "Mrs ")


def mentions(*names: str | tuple[str, str]) -> list[Mention]:
    """Mentions laid out one after another: "Mr Umerov" becomes "Umerov" titled "Mr";
    a (text, label) pair sets the label (default PERSON); "(SBU)" is printed in brackets
    right after the previous mention."""
    out: list[Mention] = []
    pos = 0
    for item in names:
        text, label = (item, PERSON) if isinstance(item, str) else item
        if text.startswith("(") and out:
            text, pos = text.strip("()"), out[-1].end + 2
        title = next((t.strip() for t in TITLES if text.startswith(t)), None)
        if title:
            text = text[len(title) + 1 :]
        out.append(Mention(pos, pos + len(text), text, label, title, len(out)))
        pos += len(text) + 10
    return out


_ARTICLES = itertools.count(1)


def one_article(index: EntityIndex, *names: str | tuple[str, str], story: str | None = None) -> list[int]:
    return index.resolve(f"a{next(_ARTICLES)}", mentions(*names), story)


# -- in-article linking ---------------------------------------------------------------------


# -- corpus entities ---------------------------------------------------------------------------


def test_sample_gold_groups_become_exactly_one_entity_each() -> None:
    labels = {"NATO": ORG, "Kremlin": ORG, "Security Service of Ukraine": ORG, "Istanbul": GPE, "Turkey": GPE}
    labels |= {"Ciragan Palace": FAC, "Dolmabahce Palace": FAC, "Bosphorus": LOC, "Kyiv": GPE}
    index = EntityIndex()
    groups: dict[str, set[int]] = defaultdict(set)
    # The lede article names everyone in full; the others use every variant, bare surnames included.
    first = [(canon, labels.get(canon, PERSON)) for canon in GOLD["entities"]]
    first.insert(first.index(("Security Service of Ukraine", ORG)) + 1, ("(SBU)", ORG))
    for (canon, _), eid in zip(first, index.resolve("lede", mentions(*first), "talks"), strict=True):
        groups["Security Service of Ukraine" if canon == "(SBU)" else canon].add(eid)
    for n in range(3):
        batch: list[tuple[str, str]] = []
        owners: list[str] = []
        for canon, forms in GOLD["entities"].items():
            for form in forms[n::3]:
                batch.append((form, labels.get(canon, PERSON)))
                owners.append(canon)
        for canon, eid in zip(owners, index.resolve(f"art{n}", mentions(*batch), "talks"), strict=True):
            groups[canon].add(eid)
    assert {c: ids for c, ids in groups.items() if len(ids) != 1} == {}
    assert len({next(iter(ids)) for ids in groups.values()}) == len(groups)  # no two groups merged
    names = {index.entities[next(iter(ids))].name for ids in groups.values()}
    assert {"Volodymyr Zelensky", "Rustem Umerov", "Recep Tayyip Erdogan", "NATO"} <= names


def test_people_sharing_a_surname_stay_apart() -> None:
    index = EntityIndex()
    ids = one_article(index, "Wang Yi", "Wang Huning", "Donald Trump", "Melania Trump")
    ids += one_article(index, "Wang Huning", "Melania Trump", "Donald J. Trump", "Ivanka Trump")
    assert len(set(ids[:4])) == 4
    assert ids[1] == ids[4] and ids[3] == ids[5] and ids[2] == ids[6]
    assert ids[7] not in ids[:7]


def test_shared_first_name_is_not_evidence() -> None:
    index = EntityIndex()
    ids = one_article(index, "Ali Khamenei", "Ali Larijani")
    ids += one_article(index, "Ayatollah Ali Khamenei".removeprefix("Ayatollah "), "Ali Larijani", "Ali Akbar Velayati")
    assert ids[0] == ids[2] and ids[1] == ids[3]
    assert len({ids[0], ids[1], ids[4]}) == 3


def test_arabic_romanizations_of_one_person() -> None:
    index = EntityIndex()
    a = one_article(index, "Muhammad bin Salman", "Mohammed bin Nayef")
    b = one_article(index, "Mohammed bin Salman", "Mohamed bin Salman")
    c = one_article(index, "Muammar Gaddafi", "Saif al-Islam Gaddafi")
    d = one_article(index, "Moammar Gadhafi", "Muammar Qaddafi", "Moamer Kadhafi")
    assert a[0] == b[0] == b[1] and a[1] != a[0]
    assert c[0] == d[0] == d[1] == d[2] and c[1] != c[0]


def test_bare_gaddafi_spellings_need_a_story() -> None:
    """Without a full name, "Qaddafi" and "Gaddafi" are only joined inside a story that has
    exactly one person of (nearly) that name."""
    index = EntityIndex()
    full = one_article(index, "Muammar Gaddafi", story="libya")[0]
    assert one_article(index, "Qaddafi", story="libya") == [full]
    elsewhere = one_article(index, "Qaddafi", story="other")[0]
    assert elsewhere != full and index.entities[elsewhere].name == "Qaddafi"


def test_cyrillic_romanizations_and_place_renamings() -> None:
    index = EntityIndex()
    a = one_article(index, "Alexei Navalny", "Yulia Tymoshenko", ("Kiev", GPE), ("Kharkov", GPE))
    b = one_article(index, "Aleksei Navalnyy", "Yulia Timoshenko", ("Kyiv", GPE), ("Kharkiv", GPE), ("Kyiv", LOC))
    assert a == b[:4] and b[4] == a[2]
    assert index.entities[a[2]].type == GPE


def test_bare_surname_resolves_in_its_story_only_when_unique() -> None:
    index = EntityIndex()
    umerov = one_article(index, "Rustem Umerov", story="s1")[0]
    donald, melania = one_article(index, "Donald Trump", "Melania Trump", story="s1")
    assert one_article(index, "Umerov", story="s1") == [umerov]
    bare = one_article(index, "Trump", story="s1")[0]  # two Trumps in the story: a surname-only entity
    assert bare not in (donald, melania)
    assert one_article(index, "Trump", story="s1") == [bare]  # the story's bare "Trump" again
    # another story that names no Trump: the corpus's one male Trump (issue 11)
    assert one_article(index, "Mr Trump", story="s2") == [donald]
    unfiled = one_article(index, "Trump")[0]  # no story at all: one corpus-wide surname-only entity
    assert one_article(index, "Trump") == [unfiled] and unfiled != bare
    assert index.entities[bare].name == "Trump" and index.entities[donald].aliases == {"Donald Trump": 1, "Trump": 1}


def test_story_surname_seen_before_the_full_name_is_merged_into_it() -> None:
    """Articles arrive in any order: a story's bare "Cheeks" is held as a surname-only entity,
    then folded into "Maurice Cheeks" once the story names him in full, and reported as merged."""
    index = EntityIndex()
    early = one_article(index, "Cheeks", "Mr Cheeks", story="nba")[0]
    index.changed()
    full = one_article(index, "Maurice Cheeks", story="nba")[0]
    assert index.merged() == {early: full} and index.merged() == {}
    assert early not in index.entities
    entity = index.entities[full]
    assert entity.name == "Maurice Cheeks" and entity.mentions == 3 and entity.aliases["Cheeks"] == 2
    assert [e.id for e in index.changed()] == [full]
    assert one_article(index, "Cheeks", story="nba") == [full]
    # Two people of that surname in the story: the bare one stays apart.
    one_article(index, "Petersen", story="trial")
    one_article(index, "Scott Petersen", "Laci Petersen", story="trial")
    assert index.merged() == {}


def test_nicknames_and_initials_of_given_names() -> None:
    index = EntityIndex()
    ted = one_article(index, "Edward M. Kennedy")[0]
    assert one_article(index, "Ted Kennedy") == [ted]
    assert one_article(index, "John F. Kennedy") != [ted]
    bill = one_article(index, "William Jefferson Clinton")[0]
    assert one_article(index, "Bill Clinton") == [bill]
    assert one_article(index, "Hillary Clinton") != [bill]
    assert one_article(index, "Bettie Page") == one_article(index, "Betty Page")


def test_org_label_on_a_person_joins_the_person_and_majority_type_wins() -> None:
    index = EntityIndex()
    trump = one_article(index, "Donald Trump", "Mr Trump", ("Trump", ORG), story="s")
    assert trump[0] == trump[1] == trump[2]
    assert one_article(index, ("Donald Trump", ORG)) == [trump[0]]
    entity = index.entities[trump[0]]
    # the "Trump" tagged ORG in a chain that names Donald Trump counts as a person's mention;
    # the lone "Donald Trump" tagged ORG of the second article keeps its label
    assert entity.type == PERSON and entity.labels == {PERSON: 3, ORG: 1}


def test_middle_initials_george_bush() -> None:
    """Chosen rule: a name without a middle part joins the one seen with it; two different
    middle parts never join."""
    index = EntityIndex()
    w = one_article(index, "George W. Bush")[0]
    hw = one_article(index, "George H. W. Bush")[0]
    assert w != hw
    assert one_article(index, "George Walker Bush") == [w]
    assert one_article(index, "George Bush") in ([w], [hw])


def test_a_leading_first_name_added_keeps_one_person_other_middles_do_not() -> None:
    """ "Sharron Diane Crawford Smith" is "Diane Crawford Smith" with her first name; "Anna Maria
    Lopez Ruiz" is not "Maria Jose Lopez Ruiz" (the shorter is not the longer's tail)."""
    index = EntityIndex()
    full = one_article(index, "Sharron Diane Crawford Smith")[0]
    assert one_article(index, "Diane Crawford Smith") == [full]
    other = one_article(index, "Maria Jose Lopez Ruiz")[0]
    assert one_article(index, "Anna Maria Lopez Ruiz")[0] != other


def test_senior_is_the_plain_name_junior_is_not() -> None:
    index = EntityIndex()
    senior = one_article(index, "W. Mark Felt Sr.")[0]
    assert one_article(index, "Mark Felt") == [senior]
    assert one_article(index, "Mark Felt Jr.")[0] != senior


def test_fuzzy_match_needs_first_name_evidence() -> None:
    index = EntityIndex()
    zawahiri = one_article(index, "Ayman al-Zawahiri")[0]
    assert one_article(index, "Ayman al-Zawahri") == [zawahiri]  # one letter, same first name
    assert one_article(index, "Hamza al-Zawahri") != [zawahiri]  # different first name
    assert one_article(index, "John Smith") != one_article(index, "Jane Smyth")


def test_changed_reports_each_touched_entity_once_and_index_rebuilds() -> None:
    index = EntityIndex()
    one_article(index, "Hakan Fidan", ("Ankara", GPE))
    one_article(index, "Fidan", "Hakan Fidan")
    changed = index.changed()
    assert sorted(e.name for e in changed) == ["Ankara", "Hakan Fidan"]
    assert index.changed() == []
    fidan = next(e for e in changed if e.name == "Hakan Fidan")
    assert len(fidan.articles) == 2 and fidan.mentions == 3
    rebuilt = EntityIndex(
        Entity(e.id, e.name, e.type, dict(e.aliases), dict(e.labels), set(e.articles), e.mentions) for e in changed
    )
    assert one_article(rebuilt, "Hakan Fidan", ("Ankara", GPE)) == [
        fidan.id,
        next(e.id for e in changed if e.name == "Ankara"),
    ]
    new = one_article(rebuilt, "Mevlut Cavusoglu")[0]
    assert new not in {e.id for e in changed}


def test_real_mentions_of_the_sample_resolve_to_the_gold_groups() -> None:
    """The sample read by the real analysis (spaCy + actors): every printed form of a gold
    group lands in one entity, and no entity holds two groups."""
    actors = pytest.importorskip("storyline.analyze.actors.mentions")
    from storyline.analyze import nlp

    index = EntityIndex()
    found: dict[str, set[int]] = defaultdict(set)
    forms = {name_key(f.removeprefix("Mr ")): canon for canon, fs in GOLD["entities"].items() for f in fs}
    for name in sorted(GOLD["articles"]):
        body = finalize(parse(Item(str(SAMPLE / name), "text", (SAMPLE / name).read_bytes()))).body
        ms = actors.find_mentions(nlp.load()(body))
        for m, eid in zip(ms, index.resolve(name, ms, "talks"), strict=True):
            if name_key(m.text) in forms:
                found[forms[name_key(m.text)]].add(eid)
    assert len(found) >= 25  # most gold groups are printed as names the tagger finds
    assert {canon: ids for canon, ids in found.items() if len(ids) != 1} == {}
    owners = [next(iter(ids)) for ids in found.values()]
    assert len(owners) == len(set(owners))


# -- real US news (issue 11, read on BASIL) ------------------------------------------------------


def test_bare_surname_of_a_story_without_namesake_joins_the_corpus_person() -> None:
    """A story that says only "President Obama" still means the corpus's Barack Obama: the
    story holds no competing namesake and the corpus holds one person of that surname."""
    index = EntityIndex()
    obama = one_article(index, "Barack Obama", "Obama", story="s1")[0]
    assert one_article(index, "President Obama", "Obama", story="s2") == [obama, obama]
    assert one_article(index, "Umerov", story="s3") != one_article(index, "Rustem Umerov", story="s4")


def test_a_story_surname_held_apart_joins_once_the_corpus_has_its_person() -> None:
    index = EntityIndex()
    early = one_article(index, "Obama", story="s1")[0]  # no Obama in the corpus yet
    obama = one_article(index, "Barack Obama", story="s2")[0]
    assert one_article(index, "Obama", story="s1") == [obama] and early not in index.entities
    assert index.merged() == {early: obama}


def test_a_dominant_namesake_takes_the_bare_surname_but_two_of_like_weight_do_not() -> None:
    index = EntityIndex()
    barack = one_article(index, *["Barack Obama"] * 9, story="s1")[0]
    one_article(index, "Malia Obama", story="s2")
    assert one_article(index, "Obama", story="s3") == [barack]  # 9 of 10 mentions
    donald, melania = one_article(index, "Donald Trump", "Melania Trump", story="s4")
    bare = one_article(index, "Trump", story="s5")[0]
    assert bare not in (donald, melania)
    assert one_article(index, "Mrs Trump", story="s6") == [melania]  # the one woman of that surname


def test_a_full_name_tagged_org_once_is_still_one_entity() -> None:
    index = EntityIndex()
    org = one_article(index, ("Rustem Umerov", ORG), story="s1")[0]
    person = one_article(index, "Rustem Umerov", "Umerov", story="s2")
    assert person == [org, org]
    assert one_article(index, ("Rustem Umerov", ORG), story="s3") == [org]
    assert index.entities[org].type == PERSON


def test_a_first_name_one_letter_off_with_a_short_surname_is_a_typo() -> None:
    index = EntityIndex()
    vicente = one_article(index, "Vicente Fox", story="s1")[0]
    assert one_article(index, "Vincente Fox", story="s2") == [vicente]
    antonia = one_article(index, "Antonia Fox", story="s3")[0]
    assert one_article(index, "Antonio Fox", story="s3") != [antonia]  # an ending marks the gender
    assert one_article(index, "Vicente Cox", story="s4") != [vicente]


def test_an_office_picks_the_namesake_a_bare_surname_means() -> None:
    """Two Clintons of like weight: "Secretary Clinton" in a story that names neither in full
    is the one printed with that office before (Hillary), "former President Clinton" the other."""
    index = EntityIndex()

    def titled(title: str, name: str, story: str) -> int:
        return index.resolve(f"a{next(_ARTICLES)}", [Mention(0, len(name), name, PERSON, title, 0)], story)[0]

    bill = titled("President", "Bill Clinton", "s1")
    hillary = titled("Secretary of State", "Hillary Clinton", "s2")
    assert titled("Secretary", "Clinton", "s3") == hillary
    assert titled("former President", "Clinton", "s4") == bill
    assert one_article(index, "Clinton", story="s5")[0] not in (bill, hillary)
    # both named in full in one story: the office still decides, and no office leaves it open
    assert titled("President", "Bill Clinton", "s6") == bill and titled("Secretary", "Hillary Clinton", "s6") == hillary
    assert titled("Secretary", "Clinton", "s6") == hillary
    assert one_article(index, "Clinton", story="s6")[0] not in (bill, hillary)
