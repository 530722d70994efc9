"""Canonical entities through the pipeline: incremental, restart-safe, rebuilt on a reread."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storyline import registry
from storyline.ingest.pipeline import ingest
from storyline.service import reading
from storyline.store.sqlite import Store

DAY1 = (
    "Prime Minister Elena Marchetti of Italy met President Jorge Salas of Chile in Rome on Monday. "
    "Ms Marchetti said the two countries would sign a trade accord. "
    "“This is a good day for both our peoples,” Marchetti told reporters."
)
DAY2 = (
    "Italy and Chile signed the accord in Rome on Tuesday. Marchetti called it historic, "
    "while Salas said Chilean copper exports would double. Italia's parliament must still ratify it."
)
OTHER = (
    "Flooding in Valencia forced thousands from their homes, Spanish officials said. "
    "Mayor Carlos Marchetti, no relation of the Italian leader, asked for army help."
)


def write(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def entities(store: Store) -> dict[str, dict[str, Any]]:
    return {e.name: e.as_dict() for e in reading.entities(store)}


def test_spellings_join_one_entity_and_namesakes_stay_apart(tmp_path: Path) -> None:
    source = write(
        tmp_path / "a.jsonl",
        [
            {"text": DAY1, "published": "2025-03-03", "url": "https://a.example/1"},
            {"text": DAY2, "published": "2025-03-04", "url": "https://b.example/2"},
            {"text": OTHER, "published": "2025-03-04", "url": "https://c.example/3"},
        ],
    )
    with Store(tmp_path / "s.db") as store:
        ingest([str(source)], store, jobs=1)
        registry.update(store, jobs=1)
        found = entities(store)
        elena = found["Elena Marchetti"]
        assert elena["type"] == "PERSON"
        assert set(elena["aliases"]) >= {"Elena Marchetti", "Marchetti"}
        assert len(elena["articles"]) == 2
        assert "Carlos Marchetti" in found and found["Carlos Marchetti"]["id"] != elena["id"]
        assert any(r["role"] == "Prime Minister" for r in elena["roles"])
        quotes = list(reading.quotes(store, speaker="Elena Marchetti"))
        assert quotes and all(q.speaker_entity == elena["id"] for q in quotes)
        assert [e.id for e in reading.find_entities(store, "ELENA MARCHETTI")] == [elena["id"]]
        by_surname = {e.name for e in reading.find_entities(store, "Marchetti")}
        assert by_surname >= {"Elena Marchetti", "Carlos Marchetti"}  # a bare surname shows every namesake
        assert reading.find_entities(store, "Nobody") == []
        assert store.entities.pending() == []  # every read article resolved


def test_later_articles_resolve_against_stored_entities_after_a_restart(tmp_path: Path) -> None:
    first = write(tmp_path / "1.jsonl", [{"text": DAY1, "published": "2025-03-03"}])
    second = write(tmp_path / "2.jsonl", [{"text": DAY2, "published": "2025-03-04"}])
    with Store(tmp_path / "s.db") as store:
        ingest([str(first)], store, jobs=1)
        registry.update(store, jobs=1)
        before = entities(store)["Elena Marchetti"]["id"]
    with Store(tmp_path / "s.db") as store:  # a new process: the index is rebuilt from the store
        ingest([str(second)], store, jobs=1)
        report = registry.update(store, jobs=1)
        assert report.count("entities", "resolved") == 1
        after = entities(store)["Elena Marchetti"]
        assert after["id"] == before and len(after["articles"]) == 2


def test_a_reread_rebuilds_entities_instead_of_counting_twice(tmp_path: Path) -> None:
    source = write(tmp_path / "a.jsonl", [{"text": DAY1, "published": "2025-03-03"}])
    with Store(tmp_path / "s.db") as store:
        ingest([str(source)], store, jobs=1)
        registry.update(store, jobs=1)
        mentions = entities(store)["Elena Marchetti"]["mentions"]
        registry.update(store, jobs=1, redo=True)
        assert entities(store)["Elena Marchetti"]["mentions"] == mentions
        orphans = store.db.execute(
            "SELECT COUNT(*) FROM mentions WHERE entity_id IS NOT NULL AND entity_id NOT IN (SELECT id FROM entities)"
        ).fetchone()[0]
        assert orphans == 0


def test_nothing_to_resolve_is_a_no_op(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert registry.run_one(store, "entities") == {}
