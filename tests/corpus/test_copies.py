"""Copy detection on texts built here: an original, its reprints and rewrites, and an
independent report of the same event, which must never count as a copy."""

from __future__ import annotations

import re
from pathlib import Path

from storyline import registry
from storyline.analyze.signals.features import compute
from storyline.corpus.copies import compare
from storyline.ingest.pipeline import ingest
from storyline.store.sqlite import Store
from tests.helpers import read_text

ORIGINAL = [
    "Heavy rain flooded large parts of the Valencia region on Tuesday, killing at least 14 people and forcing 3,200 residents from their homes, the regional government said.",
    "Rescue teams from Madrid and Barcelona joined local firefighters overnight, and the army deployed 450 soldiers to the worst-hit towns of Paiporta and Sedavi.",
    '"We have never seen water rise this fast," said Carlos Mazon, the head of the regional government, at a news conference in Valencia.',
    "The national weather agency AEMET said 320 litres of rain per square metre fell in eight hours near Chiva, more than the area usually receives in a year.",
    "Prime Minister Pedro Sanchez cancelled a trip to Brussels and said the government would declare a state of emergency if the damage assessment required it.",
    "Train services between Madrid and Valencia were suspended, and the operator Adif said repairs to the line could take two weeks.",
    "Farmers' groups said thousands of hectares of orange groves were under water, and the agriculture ministry promised an aid package of 50 million euros.",
    "Forecasters expect more rain on Thursday across Catalonia and the Balearic Islands, where schools in Palma will stay closed.",
]
INDEPENDENT = [
    "Spain counted its dead on Wednesday after a night of storms turned streets in the east of the country into rivers.",
    "In Paiporta, residents shovelled mud from their doorways while soldiers searched cars swept into a ravine.",
    '"We have never seen water rise this fast," said Carlos Mazon, the head of the regional government.',
    "Officials said 14 people had died, although several were still missing near Chiva and the town of Sedavi.",
    "Pedro Sanchez, the prime minister, visited a crisis centre in Valencia and promised that help would come quickly.",
    "Rail links to Madrid were cut, stranding travellers at stations, and roads across the region stayed closed to traffic.",
    "Meteorologists blamed a cold-air system known in Spain as a DANA, which often brings torrential rain in autumn.",
    "Insurers said the bill for the damage would run into hundreds of millions of euros as farms and businesses were lost.",
]
# A rewriting tool's word swaps, applied outside quotes (names, numbers and quotes stay).
SPIN = {
    "heavy": "weighty",
    "flooded": "inundated",
    "large": "giant",
    "parts": "components",
    "killing": "slaying",
    "forcing": "compelling",
    "homes": "houses",
    "said": "stated",
    "teams": "groups",
    "joined": "linked",
    "overnight": "in a single day",
    "worst-hit": "hardest-hit",
    "towns": "cities",
    "weather": "climate",
    "agency": "company",
    "fell": "dropped",
    "usually": "often",
    "receives": "will get",
    "cancelled": "canceled",
    "trip": "journey",
    "damage": "harm",
    "services": "companies",
    "suspended": "halted",
    "repairs": "maintenance",
    "could": "may",
    "weeks": "weeks",
    "groups": "teams",
    "promised": "pledged",
    "expect": "anticipate",
    "stay": "stay",
    "closed": "shut",
    "government": "authorities",
    "emergency": "urgency",
    "thousands": "1000's",
}


def spin(paragraphs: list[str]) -> list[str]:
    out = []
    for paragraph in paragraphs:
        parts = re.split(r'("[^"]*")', paragraph)
        out.append(
            "".join(
                p if p.startswith('"') else re.sub(r"[\w'-]+", lambda m: SPIN.get(m.group(0), m.group(0)), p)
                for p in parts
            )
        )
    return out


def features(paragraphs: list[str], title: str | None = None):  # type: ignore[no-untyped-def]
    text = (title + "\n" if title else "") + "\n\n".join(paragraphs) + "\n"
    return compute(read_text(text))


def test_reprint_with_cuts_new_headline_and_boilerplate_is_a_near_duplicate() -> None:
    reprint = [
        "By Staff Reporter",
        *ORIGINAL[:3],
        ORIGINAL[4],
        *ORIGINAL[6:],
        "Copyright 2024 Example Wire. All rights reserved.",
    ]
    link = compare(features(reprint, "Valencia floods kill 14"), features(ORIGINAL), "orig")
    assert link is not None and link.kind == "near-duplicate"
    assert link.evidence["containment"] >= 0.7


def test_spun_rewrite_is_a_paraphrase_copy() -> None:
    spun = spin(ORIGINAL)
    assert spun != ORIGINAL
    link = compare(features(spun), features(ORIGINAL), "orig")
    assert link is not None and link.kind == "paraphrase"
    assert link.evidence["jaccard"] < 0.5  # shingles alone would not have found it


def test_independent_report_of_the_same_event_is_not_a_copy() -> None:
    assert compare(features(INDEPENDENT), features(ORIGINAL), "orig") is None
    assert compare(features(ORIGINAL), features(INDEPENDENT), "indep") is None


def test_pipeline_links_every_copy_to_the_original_and_counts_the_story_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    texts = {
        "a_original.txt": "Valencia floods kill 14\n" + "\n\n".join(ORIGINAL),
        "b_reprint.txt": "Deadly floods in Spain\n" + "\n\n".join(ORIGINAL[:6]) + "\n\nCopyright 2024 Wire.",
        "c_spun.txt": "\n\n".join(spin(ORIGINAL)),
        "d_same_words.txt": "Valencia floods kill 14\n" + "\n\n".join(p.replace(",", " ,") for p in ORIGINAL),
        "e_independent.txt": "Spain counts its dead\n" + "\n\n".join(INDEPENDENT),
    }
    for name, text in texts.items():
        (folder / name).write_text(text, "utf-8")
    with Store(tmp_path / "s.db") as store:
        ingest([str(folder)], store, jobs=1)
        registry.update(store, jobs=1, read=False)
        source = dict(store.db.execute("SELECT id, source FROM articles").fetchall())
        links = {
            Path(source[a]).name: (Path(source[o]).name, kind)
            for a, o, kind in store.db.execute("SELECT article_id, original_id, kind FROM copies")
        }
        stories = store.db.execute("SELECT COUNT(DISTINCT event_id) FROM event_articles").fetchone()[0]
        from storyline.service.stories import stories as story_views

        (story,) = story_views(store)
    assert links == {
        "b_reprint.txt": ("a_original.txt", "near-duplicate"),
        "c_spun.txt": ("a_original.txt", "paraphrase"),
        "d_same_words.txt": ("a_original.txt", "exact"),
    }
    assert stories == 1
    assert len(story.articles) == 5
    assert story.independent_sources == 2  # the original's group and the independent report
