"""Mentions linked inside one article (corpus/entitylinks.py): surnames, first names, acronyms."""

from __future__ import annotations

from storyline.corpus.entities import link_in_article
from storyline.records import ORG, PERSON, Mention
from tests.corpus.test_entities import mentions


def test_bare_surname_links_to_the_full_name_of_the_article() -> None:
    ms = mentions("Rustem Umerov", "Vladimir Medinsky", "Mr Umerov", "Medinsky", "Umerov")
    assert link_in_article(ms) == [0, 1, 0, 1, 0]


def test_shared_surname_is_ambiguous_unless_the_title_decides() -> None:
    ms = mentions("President Donald Trump", "Melania Trump", "Trump", "Mrs Trump", "President Trump")
    links = link_in_article(ms)
    assert links[2] == 2  # which Trump? left alone
    assert links[3] == 1  # "Donald" is a man's name: the "Mrs" is Melania
    assert links[4] == 0  # the same office as "President Donald Trump"
    ms = mentions("Mr Donald Trump", "Mrs Melania Trump", "Mrs Trump", "Mr Trump")
    assert link_in_article(ms) == [0, 1, 1, 0]


def test_the_namesake_called_by_first_name_leaves_the_surname_to_the_other() -> None:
    ms = mentions("Anders Holm", "Karin Holm", "Karin", "Holm")
    assert link_in_article(ms)[3] == 0  # Karin is "Karin": "Holm" is Anders
    ms = mentions("Anders Holm", "Karin Holm", "Holm")
    assert link_in_article(ms)[2] == 2  # nothing tells them apart: left alone
    ms = mentions("Anders Holm", "Karin Holm", "Karin", "Anders", "Holm")
    assert link_in_article(ms)[4] == 4  # both called by first name: still ambiguous


def test_shorter_full_form_links_to_the_longer_one() -> None:
    ms = mentions("Recep Tayyip Erdoğan", "Tayyip Erdogan", "Erdogan", "George W. Bush", "George Bush")
    assert link_in_article(ms) == [0, 0, 0, 3, 3]


def test_first_names_alone_are_never_linked() -> None:
    ms = mentions("Ali Khamenei", "Ali Larijani", "Ali", "Khamenei")
    assert link_in_article(ms) == [0, 1, 2, 0]


def test_acronym_after_its_expansion_and_possessive_paraphrase() -> None:
    ms = mentions(
        ("Security Service of Ukraine", ORG), ("(SBU)", ORG), ("European Central Bank", ORG), ("ECB", ORG), ("SBU", ORG)
    )
    assert link_in_article(ms) == [0, 0, 2, 2, 0]
    ms = mentions(("Foreign Ministry of Russia", ORG), ("Moscow's foreign ministry", ORG))
    assert link_in_article(ms) == [0, 0]


def test_a_person_tagged_org_links_to_the_person() -> None:
    ms = mentions("Keir Starmer", ("Starmer", ORG))
    assert link_in_article(ms) == [0, 0]


def test_bare_surname_links_to_a_full_name_with_a_numeral_suffix() -> None:
    ms = [Mention(0, 21, "Robert S. Mueller III", PERSON, None, 0), Mention(40, 47, "Mueller", PERSON, "Mr.", 1)]
    assert link_in_article(ms) == [0, 0]
