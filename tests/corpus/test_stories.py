"""Online events and the stories that chain them, on texts built here: events, not topics."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from storyline import registry
from storyline.corpus.stages import stories as stories_stage
from storyline.corpus.stories import StoryChains
from storyline.ingest.pipeline import ingest
from storyline.service.stories import stories
from storyline.store.sqlite import Store
from storyline.store.stories import StoredEvent

QUAKE_A = [
    "A magnitude 6.8 earthquake struck near Marrakesh late on Friday, killing more than 2,000 people in the Atlas mountains, Morocco's interior ministry said.",
    "Villages around Amizmiz and Talat N'Yaaqoub were flattened, and rescuers from the Moroccan army dug through rubble with their hands.",
    "King Mohammed VI declared three days of national mourning and ordered shelters built for families left homeless in Al Haouz province.",
    "Spain, Qatar and Britain sent search teams after Rabat accepted offers of help from four countries.",
]
QUAKE_A_OTHER = [
    "Rescuers in Morocco's Al Haouz province raced on Sunday to reach survivors of Friday's earthquake as the death toll passed 2,000.",
    "In Amizmiz, soldiers and volunteers cleared stones from collapsed homes while families slept in the open near the Atlas foothills.",
    "The interior ministry said the 6.8 quake near Marrakesh was the deadliest in Morocco for six decades.",
    "King Mohammed VI visited injured people at a hospital in Marrakesh and donated blood, state media reported.",
]
QUAKE_A_THIRD = [
    "Aid trucks reached mountain villages of Al Haouz on Saturday, a day after the 6.8 earthquake near Marrakesh killed more than 2,000.",
    "Morocco accepted rescue teams from Spain, Qatar and Britain, and soldiers set up tents for the homeless around Amizmiz.",
    "Survivors said the ground shook for twenty seconds before homes of mud brick collapsed across the Atlas mountains.",
]
QUAKE_B = [
    "A magnitude 7.8 earthquake hit southern Turkey and northern Syria before dawn on Monday, toppling apartment blocks in Gaziantep and Kahramanmaras.",
    "President Recep Tayyip Erdogan declared a state of emergency in ten provinces as the death toll rose above 5,000.",
    "In Syria, the White Helmets searched collapsed buildings in Idlib and Aleppo, where freezing rain hampered rescuers.",
    "Rescue teams from Greece, Israel and the European Union flew to Adana airport to help Turkish crews.",
]
QUAKE_B_OTHER = [
    "Rescuers pulled survivors from the rubble of apartment blocks in Kahramanmaras on Tuesday, a day after the 7.8 earthquake in Turkey and Syria.",
    "Erdogan said the state of emergency in ten provinces would last three months, and the death toll climbed past 5,000.",
    "In Aleppo and Idlib, the White Helmets said freezing weather was killing survivors trapped under collapsed buildings.",
]


def write(folder: Path, docs: dict[str, tuple[list[str], str | None]]) -> Path:
    path = folder / "in.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for name, (paragraphs, day) in docs.items():
            out.write(
                json.dumps({"text": "\n\n".join(paragraphs), "url": f"https://x.example/{name}", "published": day})
                + "\n"
            )
    return path


def grouping(tmp_path: Path, docs: dict[str, tuple[list[str], str | None]]) -> list[set[str]]:
    path = write(tmp_path, docs)
    with Store(tmp_path / "s.db") as store:
        ingest([str(path)], store, jobs=1)
        registry.update(store, jobs=1, read=False)
        name = {a: u.rsplit("/", 1)[1] for a, u in store.db.execute("SELECT id, url FROM articles")}
        return sorted(({name[a] for a in s.articles} for s in stories(store)), key=sorted)


def test_two_events_of_one_kind_are_two_stories(tmp_path: Path) -> None:
    found = grouping(
        tmp_path,
        {
            "a1": (QUAKE_A, "2023-09-09"),
            "b1": (QUAKE_B, "2023-02-06"),
            "a2": (QUAKE_A_OTHER, "2023-09-10"),
            "b2": (QUAKE_B_OTHER, "2023-02-07"),
            "a3": (QUAKE_A_THIRD, "2023-09-09"),
        },
    )
    assert found == [{"a1", "a2", "a3"}, {"b1", "b2"}]


def test_undated_reports_are_grouped_by_their_text(tmp_path: Path) -> None:
    found = grouping(
        tmp_path,
        {"a1": (QUAKE_A, None), "b1": (QUAKE_B, None), "a2": (QUAKE_A_OTHER, None), "b2": (QUAKE_B_OTHER, None)},
    )
    assert found == [{"a1", "a2"}, {"b1", "b2"}]


def test_the_same_words_weeks_apart_are_two_events(tmp_path: Path) -> None:
    found = grouping(tmp_path, {"early": (QUAKE_A, "2023-09-09"), "late": (QUAKE_A_OTHER, "2023-10-20")})
    assert found == [{"early"}, {"late"}]


def test_story_span_title_and_key_entities(tmp_path: Path) -> None:
    path = write(tmp_path, {"a1": (QUAKE_A, "2023-09-09"), "a2": (QUAKE_A_OTHER, "2023-09-10")})
    with Store(tmp_path / "s.db") as store:
        ingest([str(path)], store, jobs=1)
        registry.update(store, jobs=1, read=False)
        (story,) = stories(store)
    assert (story.start, story.end) == ("2023-09-09", "2023-09-10")
    assert story.title is not None
    assert "Marrakesh" in story.key_entities


def test_articles_arriving_later_join_existing_stories_and_recluster_agrees(tmp_path: Path) -> None:
    first = write(tmp_path, {"a1": (QUAKE_A, "2023-09-09"), "b1": (QUAKE_B, "2023-02-06")})
    with Store(tmp_path / "s.db") as store:
        ingest([str(first)], store, jobs=1)
        registry.update(store, jobs=1, read=False)
        later = tmp_path / "later"
        later.mkdir()
        second = write(later, {"a2": (QUAKE_A_OTHER, "2023-09-10"), "b2": (QUAKE_B_OTHER, "2023-02-07")})
        ingest([str(second)], store, jobs=1)
        report = registry.update(store, jobs=1, read=False)
        assert (report.analysed, report.count("stories", "placed"), report.count("stories", "new_events")) == (2, 2, 0)
        online = sorted(sorted(s.articles) for s in stories(store))
        stories_stage.recluster(store)
        assert sorted(sorted(s.articles) for s in stories(store)) == online


# -- stories: events chained -------------------------------------------------------


def _events(store: Store, ids: list[int]) -> None:
    with store.transaction():
        for i in ids:
            store.stories.save_event(StoredEvent(i, f"event {i}", None, None, {}, 0, None), "2025-01-01T00:00:00")


def test_an_article_close_to_two_events_chains_them_into_one_story(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        _events(store, [1, 2, 3])
        with store.transaction():
            chains = StoryChains.load(store.stories)
            assert chains.place("a", 1, date(2025, 6, 1), "crash") == 1
            assert chains.place("b", 2, date(2025, 6, 3), "rescue") == 2
            assert chains.place("c", 3, date(2025, 6, 4), "vigil") == 3
            # the rescue's later reports also retell the crash: one such report is not enough (a
            # roundup of the week scores close to everything in it), two make the events one story
            assert chains.place("d", 2, date(2025, 6, 4), "rescue", [(1, 0.3, "continues"), (3, 0.1, "related")]) == 2
            assert chains.place("e", 2, date(2025, 6, 5), "rescue", [(1, 0.25, "continues")]) == 1
            chains.flush()
        assert store.stories.story_events() == {1: [1, 2], 3: [3]}
        assert store.stories.related_stories(1) == [(1, 3, 0.1)]
        assert tuple(
            store.db.execute("SELECT support, score, article_id FROM event_links WHERE other_id = 2").fetchone()
        ) == (
            2,
            0.3,
            "d",
        )
        (story,) = [s for s in StoryChains.load(store.stories).stories.values() if s.id == 1]
        assert (story.start, story.end, story.size) == (date(2025, 6, 1), date(2025, 6, 5), 4)


def test_events_with_unlike_bodies_are_not_chained_however_many_articles_bridge_them(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        _events(store, [1, 2])
        with store.transaction():
            chains = StoryChains.load(store.stories)
            chains.place("a", 1, None, None)
            for article in "bcd":
                chains.place(article, 2, None, None, [(1, 0.4, "continues")], kinship=lambda one, other: 0.05)
        assert store.stories.story_events() == {1: [1], 2: [2]}


def test_a_chain_keeps_the_older_story_id_whichever_side_links(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        _events(store, [1, 2, 3, 4])
        with store.transaction():
            chains = StoryChains.load(store.stories)
            for article, event in (("a", 1), ("b", 2), ("c", 3), ("d", 4)):
                chains.place(article, event, None, None)
            for article in ("e", "e2"):
                chains.place(article, 4, None, None, [(3, 0.3, "continues")])
            for article in ("f", "f2"):
                chains.place(article, 1, None, None, [(4, 0.3, "continues")])
            chains.flush()
        assert store.stories.story_events() == {1: [1, 3, 4], 2: [2]}
        assert {r.id for r in store.stories.load_chains()[1]} == {1, 2}


def test_the_same_words_a_fortnight_apart_stay_two_stories_even_through_an_undated_report(tmp_path: Path) -> None:
    found = grouping(
        tmp_path,
        {
            "first": (QUAKE_A, "2023-09-09"),
            "later": (QUAKE_A_OTHER, "2023-09-25"),
            "undated": (QUAKE_A_THIRD, None),
        },
    )
    assert {"first"} in found or {"later"} in found
    assert len(found) >= 2


def test_stories_list_their_events_and_articles_know_both(tmp_path: Path) -> None:
    from storyline.service import articles as article_reads
    from storyline.service.stories import events

    path = write(tmp_path, {"a1": (QUAKE_A, "2023-09-09"), "a2": (QUAKE_A_OTHER, "2023-09-10")})
    with Store(tmp_path / "s.db") as store:
        ingest([str(path)], store, jobs=1)
        registry.update(store, jobs=1, read=False)
        (story,) = stories(store)
        found = events(store, story_id=story.id)
        assert story.events == [e.id for e in found]
        assert all(e.story == story.id for e in found)
        assert sorted(a for e in found for a in e.articles) == sorted(story.articles)
        article = article_reads.article(store, story.articles[0])
        assert article is not None
        view = article_reads.view(store, article).as_dict()
        assert view["story"] == story.id and view["event"] in story.events
