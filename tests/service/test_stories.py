"""Stories as a reader sees them: a headline for a title, canonical names for key entities."""

from __future__ import annotations

import json
from pathlib import Path

from storyline import registry
from storyline.ingest.pipeline import ingest
from storyline.service import stories as reads
from storyline.store import entities as entity_tables
from storyline.store.sqlite import Store

LEPAGE = [
    "Maine Gov. Paul LePage said on Tuesday that he might resign before his term ends, after a week in which "
    "he left an obscene voicemail for state Rep. Drew Gattine.",
    "Mr. LePage told WVOM radio in Bangor that he was considering leaving office. Gattine said LePage should apologize.",
    "Senate President Michael Thibodeau said LePage had become a distraction for Maine Republicans.",
]
LEPAGE_OTHER = [
    "Paul LePage, the Republican governor of Maine, said he was weighing an early exit on Tuesday.",
    "LePage apologized to the people of Maine but not to Gattine, a Democrat from Westbrook.",
    "Thibodeau and other Republicans in the Maine Senate met on Wednesday to discuss the governor.",
]


def entity(
    name: str, kind: str, mentions: int, articles: int = 1, aliases: tuple[str, ...] = ()
) -> entity_tables.StoryEntity:
    return entity_tables.StoryEntity(1, hash(name) % 1000, name, kind, mentions, articles, [name, *aliases])


def test_key_entities_are_the_most_mentioned_people_and_bodies_first() -> None:
    named = [
        entity("Benghazi", "GPE", 15, 3),
        entity("Hillary Clinton", "PERSON", 31, 3),
        entity("Republicans", "NORP", 20, 3),
        entity("State Department", "ORG", 9, 3),
        entity("Clinton", "PERSON", 12, 2),
        entity("Tom", "PERSON", 1),
    ]
    assert [e.name for e in reads.key_entities(named, limit=3)] == ["Hillary Clinton", "State Department", "Benghazi"]
    # a fuller name mentioned less does not push out the one it contains
    named = [entity("Colorado", "GPE", 53, 3), entity("John Suthers", "PERSON", 6), entity("Colorado Senate", "ORG", 1)]
    assert [e.name for e in reads.key_entities(named, limit=2)] == ["John Suthers", "Colorado"]


def test_a_title_names_the_story_and_a_page_heading_is_passed_over() -> None:
    names = [["Volodymyr Zelensky", "Zelensky"], ["Ukraine"]]
    lead = "Ukraine said Monday it was ready for talks. Delegations met."
    # a listed page heading loses to the lead sentence
    assert reads.choose_title([("What’s the story", lead)], names) == "Ukraine said Monday it was ready for talks."
    # an unlisted heading that names nothing of the story loses too
    assert reads.choose_title([("Live: the day so far", lead)], names) == "Ukraine said Monday it was ready for talks."
    # a headline that names the story wins over a lead, even a later article's
    members = [(None, lead), ("Zelensky sends delegation to Istanbul", "Kyiv sent a team. More.")]
    assert reads.choose_title(members, names) == "Zelensky sends delegation to Istanbul"
    # of two headlines that name the story, the first
    members = [("Ukraine ready for talks", None), ("Zelensky sends delegation", None)]
    assert reads.choose_title(members, names) == "Ukraine ready for talks"


def test_a_read_story_shows_its_headline_and_canonical_entities(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    docs = [
        ("Maine Gov. Paul LePage Says He May Resign", LEPAGE, "2016-08-30"),
        ("Maine Gov. LePage Opens Door to Early Exit", LEPAGE_OTHER, "2016-08-30"),
    ]
    with path.open("w", encoding="utf-8") as out:
        for n, (title, paragraphs, day) in enumerate(docs):
            record = {
                "title": title,
                "text": "\n\n".join(paragraphs),
                "published": day,
                "url": f"https://x.example/{n}",
            }
            out.write(json.dumps(record) + "\n")
    with Store(tmp_path / "s.db") as store:
        ingest([str(path)], store, jobs=1)
        registry.update(store, jobs=1)
        (story,) = reads.stories(store)
        canonical = {row.name for row in store.entities.rows()}
    assert story.title == "Maine Gov. Paul LePage Says He May Resign"
    assert story.key_entities and set(story.key_entities) <= canonical
    assert story.key_entities[0] == "Paul LePage"
