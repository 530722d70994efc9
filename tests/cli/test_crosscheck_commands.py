"""`storyline timeline`, `claims` and `brief` over the sample corpus: thin faces over the service."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from tests.helpers import SAMPLE

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cross") / "s.db"
    result = runner.invoke(app, ["ingest", str(SAMPLE), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_timeline_filters_by_dates_story_and_entity(db: Path) -> None:
    every = json.loads(runner.invoke(app, ["timeline", "--db", str(db), "--json"]).stdout)["timeline"]
    assert every and all(e["sources"] for e in every)
    starts = [e.get("date") or e["start"] for e in every]
    assert len(starts) == len(every)
    june = json.loads(runner.invoke(app, ["timeline", "--db", str(db), "--from", "2025-06-01", "--json"]).stdout)
    assert june["timeline"] and all((e["date"] or e["end"]) >= "2025-06" for e in june["timeline"])
    story = every[-1]["story"]
    one = json.loads(runner.invoke(app, ["timeline", "--db", str(db), "--story", str(story), "--json"]).stdout)
    assert one["timeline"] and all(story in e["stories"] for e in one["timeline"])
    named = json.loads(runner.invoke(app, ["timeline", "--db", str(db), "--entity", "Zelenskyy", "--json"]).stdout)
    assert 0 < len(named["timeline"]) < len(every)
    shown = runner.invoke(app, ["timeline", "--db", str(db), "--min-sources", "2"])
    assert shown.exit_code == 0 and "independent" in shown.stdout


def test_claims_by_status(db: Path) -> None:
    shown = runner.invoke(app, ["claims", "--db", str(db)])
    assert shown.exit_code == 0 and "corroborated" in shown.stdout and "single-source" in shown.stdout
    only = json.loads(runner.invoke(app, ["claims", "--db", str(db), "--status", "corroborated", "--json"]).stdout)
    assert only["claims"] and {c["status"] for c in only["claims"]} == {"corroborated"}


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_brief_of_every_story_in_each_format(db: Path, fmt: str) -> None:
    shown = runner.invoke(app, ["brief", "--db", str(db), "--format", fmt])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.count("Key actors") == 2  # one brief per story of the sample
    briefs = json.loads(runner.invoke(app, ["brief", "--db", str(db), "--json"]).stdout)["briefs"]
    assert len(briefs) == 2 and all(b["sentences"] for b in briefs)


def test_brief_refuses_an_unknown_format_or_story(db: Path) -> None:
    bad = runner.invoke(app, ["brief", "--db", str(db), "--format", "pdf"])
    assert bad.exit_code == 2 and "pdf" in bad.output
    missing = runner.invoke(app, ["brief", "--db", str(db), "--story", "999"])
    assert missing.exit_code == 2 and "999" in missing.output
