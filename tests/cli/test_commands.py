"""The command line as a user runs it: commands, exit statuses, human and JSON output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from tests.helpers import SAMPLE

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    result = runner.invoke(app, ["ingest", str(SAMPLE), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_ingest_sample_reports_counts_and_skips_non_article_files(db: Path) -> None:
    result = runner.invoke(app, ["ingest", str(SAMPLE), "--db", str(db), "--json"])
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert (summary["read"], summary["added"], summary["duplicates"]) == (5, 0, 5)  # gold.yaml is not read
    assert summary["articles_in_store"] == 5


def test_articles_lists_every_article(db: Path) -> None:
    result = runner.invoke(app, ["articles", "--db", str(db), "--json"])
    records = json.loads(result.stdout)["articles"]
    assert len(records) == 5
    assert {r["outlet"] for r in records} >= {"AFP", "RFE/RL", "AP"}
    assert all("text" not in r for r in records)


def test_show_by_id_prefix_and_raw(db: Path) -> None:
    (first,) = json.loads(runner.invoke(app, ["articles", "--db", str(db), "--json", "--limit", "1"]).stdout)[
        "articles"
    ]
    shown = runner.invoke(app, ["show", first["id"][:8], "--db", str(db), "--json"])
    assert shown.exit_code == 0
    assert json.loads(shown.stdout)["id"] == first["id"]
    raw = runner.invoke(app, ["show", first["id"], "--db", str(db), "--raw"])
    assert raw.stdout.startswith(" date 2025-06-02")  # the raw input, residue and all
    assert runner.invoke(app, ["show", "ffffffffffff", "--db", str(db)]).exit_code == 1


def test_search(db: Path) -> None:
    hits = json.loads(runner.invoke(app, ["search", "Ciragan Palace", "--db", str(db), "--json"]).stdout)["hits"]
    assert len(hits) == 2
    assert all("[" in h["snippet"] for h in hits)


def test_export_contract(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = runner.invoke(app, ["export", "--format", "json", "--db", str(db), "-o", str(target)])
    assert result.exit_code == 0
    data = json.loads(target.read_text("utf-8"))
    assert len(data["articles"]) == 5
    for article in data["articles"]:
        assert {"id", "source", "url", "outlet", "title", "published", "language", "text"} <= article.keys()
        for start, end in article["paragraphs"]:
            assert article["text"][start:end].strip() == article["text"][start:end]
    assert not (tmp_path / "out.json.partial").exists()


def test_export_to_stdout_matches_file(db: Path, tmp_path: Path) -> None:
    printed = json.loads(runner.invoke(app, ["export", "--db", str(db)]).stdout)
    assert [a["id"] for a in printed["articles"]] == [
        a["id"] for a in json.loads(runner.invoke(app, ["articles", "--db", str(db), "--json"]).stdout)["articles"]
    ]


def test_unknown_export_format_and_missing_store(tmp_path: Path) -> None:
    assert runner.invoke(app, ["export", "--format", "xml", "--db", str(tmp_path / "x.db")]).exit_code == 2
    missing = runner.invoke(app, ["articles", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2
    assert not (tmp_path / "none.db").exists()


def test_folder_with_one_broken_file_stores_the_others_and_exits_1(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SAMPLE, folder)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 1
    assert "broken.txt: binary content" in result.stderr
    rejects = runner.invoke(app, ["rejects", "--db", str(tmp_path / "s.db"), "--json"])
    assert [r["source"] for r in json.loads(rejects.stdout)["rejects"]] == [str(folder / "broken.txt")]
    listed = json.loads(runner.invoke(app, ["articles", "--db", str(tmp_path / "s.db"), "--json"]).stdout)
    assert len(listed["articles"]) == 5


def test_stories_and_story(db: Path) -> None:
    listed = json.loads(runner.invoke(app, ["stories", "--db", str(db), "--json"]).stdout)["stories"]
    assert sorted(s["size"] for s in listed) == [2, 3]
    spans = {s["size"]: (s["start"], s["end"]) for s in listed}
    assert spans[3] == ("2025-06-01", "2025-06-02")
    assert spans[2] == ("2025-05-15", "2025-05-15")  # neither prints a date: the days inferred for them
    assert [s["size"] for s in listed] == [2, 3]  # in time order
    dated = next(s for s in listed if s["size"] == 3)
    shown = runner.invoke(app, ["story", str(dated["id"]), "--db", str(db)])
    assert shown.exit_code == 0
    assert "3 articles, 3 independent" in shown.stdout
    assert runner.invoke(app, ["story", "999", "--db", str(db)]).exit_code == 1


def test_export_carries_stories_and_the_corpus_fields(db: Path) -> None:
    data = json.loads(runner.invoke(app, ["export", "--db", str(db)]).stdout)
    ids = {a["id"] for a in data["articles"]}
    assert sorted(len(s["articles"]) for s in data["stories"]) == [2, 3]
    for story in data["stories"]:
        assert {"id", "title", "start", "end", "articles"} <= story.keys()
        assert set(story["articles"]) <= ids
    for article in data["articles"]:
        assert {"story", "copy_of", "machine_paraphrased"} <= article.keys()
        assert article["story"] in {s["id"] for s in data["stories"]}
    assert sum(a["machine_paraphrased"]["flag"] for a in data["articles"]) == 1


def test_analyze_is_a_no_op_when_up_to_date_and_recluster_rebuilds(db: Path) -> None:
    again = json.loads(runner.invoke(app, ["analyze", "--db", str(db), "--json"]).stdout)["stages"]
    assert set(again) == {"features", "reading", "stories", "entities", "anchors", "timeline", "claims"}
    assert all(n == 0 for counts in again.values() for n in counts.values())  # nothing new: nothing done
    redo = json.loads(runner.invoke(app, ["analyze", "--redo", "--db", str(db), "--json"]).stdout)["stages"]
    assert redo["features"]["analysed"] == redo["reading"]["read"] == 5
    rebuilt = json.loads(runner.invoke(app, ["recluster", "--db", str(db), "--json"]).stdout)
    assert (rebuilt["placed"], rebuilt["stories"]) == (5, 2)


def test_export_holds_entities_dates_and_quotes(db: Path) -> None:
    data = json.loads(runner.invoke(app, ["export", "--db", str(db)]).stdout)
    ids = {a["id"]: a for a in data["articles"]}
    assert {"id", "name", "type", "aliases", "roles", "mentions", "articles"} <= data["entities"][0].keys()
    assert all(set(e["articles"]) <= ids.keys() for e in data["entities"])
    for d in data["dates"]:
        assert ids[d["article"]]["text"][d["start"] : d["end"]] == d["text"]
        assert d["kind"] in ("date", "time", "duration", "set")
    for q in data["quotes"]:
        assert ids[q["article"]]["text"][q["start"] : q["end"]] == q["text"]
        assert q["kind"] in ("direct", "indirect")
    entity_ids = {e["id"] for e in data["entities"]}
    assert all(q["speaker_entity"] in entity_ids for q in data["quotes"] if q["speaker_entity"] is not None)
    assert data["attitudes"], "the sample ascribes positions (wants, rejected, ...)"
    for a in data["attitudes"]:
        assert ids[a["article"]]["text"][a["start"] : a["end"]] == a["text"]
        assert a["kind"] in ("belief", "intention", "stance", "topic") and a["holder"]
        assert a["holder_entity"] is None or a["holder_entity"] in entity_ids


def test_attitudes_command_filters_by_holder_and_kind(db: Path) -> None:
    every = json.loads(runner.invoke(app, ["attitudes", "--db", str(db), "--json"]).stdout)["attitudes"]
    named = next(a for a in every if a["holder_name"])
    mine = json.loads(
        runner.invoke(app, ["attitudes", "--db", str(db), "--holder", named["holder_name"], "--json"]).stdout
    )["attitudes"]
    assert mine and all(
        a["holder_entity"] == named["holder_entity"] or named["holder_name"] in a["holder"] for a in mine
    )
    kind = named["kind"]
    same = json.loads(runner.invoke(app, ["attitudes", "--db", str(db), "--kind", kind, "--json"]).stdout)["attitudes"]
    assert same and all(a["kind"] == kind for a in same)
    assert runner.invoke(app, ["attitudes", "--db", str(db), "--kind", "mood"]).exit_code == 2
    human = runner.invoke(app, ["attitudes", "--db", str(db)])
    assert human.exit_code == 0 and named["text"].split()[0] in human.stdout


def test_entities_entity_quotes_and_dates_commands(db: Path) -> None:
    listed = json.loads(runner.invoke(app, ["entities", "--db", str(db), "--type", "person", "--json"]).stdout)
    people = listed["entities"]
    assert people and all(e["type"] == "PERSON" for e in people)
    top = people[0]
    alias = next(a for a in top["aliases"] if a != top["name"])
    shown = runner.invoke(app, ["entity", alias.upper(), "--db", str(db), "--json"])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["id"] == top["id"]
    assert runner.invoke(app, ["entity", "Nobody Anywhere", "--db", str(db)]).exit_code == 1
    human = runner.invoke(app, ["entities", "--db", str(db), "--limit", "3"])
    assert human.exit_code == 0 and top["name"] in human.stdout

    quotes = json.loads(runner.invoke(app, ["quotes", "--db", str(db), "--speaker", alias, "--json"]).stdout)["quotes"]
    assert quotes and all(q["speaker_entity"] == top["id"] or alias in (q["speaker"] or "") for q in quotes)
    direct = json.loads(runner.invoke(app, ["quotes", "--db", str(db), "--direct-only", "--json"]).stdout)["quotes"]
    assert direct and all(q["kind"] == "direct" for q in direct)

    article = json.loads(runner.invoke(app, ["articles", "--db", str(db), "--json"]).stdout)["articles"][0]["id"]
    dates = json.loads(runner.invoke(app, ["dates", article[:8], "--db", str(db), "--json"]).stdout)["dates"]
    assert dates and {d["article"] for d in dates} == {article}
    assert runner.invoke(app, ["dates", "ffffffffff", "--db", str(db)]).exit_code == 1
