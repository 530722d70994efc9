"""The JSON export is a contract: a refactoring must leave it byte for byte the same.

Two stores are built from nothing through the whole pipeline (ingest, every stage
of the registry): the sample corpus, and 2,000 Timeline17 articles (skipped where
the labelled data is absent). Each export, with the ingest time stamps blanked, is
reduced to one SHA-256 per top-level key and compared with the fingerprints pinned
in tests/fixtures/export_fingerprints.json, which were written by the code before the
stage registry, the store layer and the service layer existed (issue 10). A change
that means to alter the export rewrites them deliberately:

    STORYLINE_WRITE_FINGERPRINTS=1 .venv/bin/python -m pytest tests/service/test_export.py
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from storyline.cli import app
from tests.helpers import ROOT

FINGERPRINTS = ROOT / "tests" / "fixtures" / "export_fingerprints.json"
sys.path.insert(0, str(ROOT / "benchmarks"))

import stories as story_bench  # noqa: E402

T17_ARTICLES = 2000


def _normalized(export: dict[str, Any], root: str) -> dict[str, Any]:
    """The export without what differs between two runs of the same code: the time stamps,
    and the folder the inputs were read from (a temporary one, or the clone's)."""
    for article in export["articles"]:
        article["ingested_at"] = None
        article["source"] = article["source"].replace(root, "<in>")
        for sighting in article.get("sightings", []):
            sighting["seen_at"] = None
            sighting["source"] = sighting["source"].replace(root, "<in>")
    return export


def fingerprint(export_path: Path, root: str) -> dict[str, str]:
    export = _normalized(json.loads(export_path.read_text("utf-8")), root)
    return {
        key: hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=False).encode()).hexdigest()
        for key, value in export.items()
    }


def _build(inputs: list[str], root: Path, tmp_path: Path) -> dict[str, str]:
    from typer.testing import CliRunner

    db, out = tmp_path / "s.db", tmp_path / "export.json"
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", *inputs, "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["export", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return fingerprint(out, str(root))


def _check(name: str, found: dict[str, str]) -> None:
    pinned: dict[str, dict[str, str]] = json.loads(FINGERPRINTS.read_text("utf-8")) if FINGERPRINTS.exists() else {}
    if os.environ.get("STORYLINE_WRITE_FINGERPRINTS") == "1":
        pinned[name] = found
        FINGERPRINTS.write_text(json.dumps(pinned, indent=2, sort_keys=True) + "\n", "utf-8")
        return
    assert name in pinned, f"no pinned fingerprint for {name}"
    differing = sorted(k for k in set(pinned[name]) | set(found) if pinned[name].get(k) != found.get(k))
    assert not differing, f"{name}: the export changed in {differing}"


def test_sample_corpus_export_is_unchanged(tmp_path: Path) -> None:
    sample = ROOT / "examples" / "istanbul-talks"
    _check("istanbul-talks", _build([str(sample)], sample, tmp_path))


DATA = story_bench.data_dir()


@pytest.mark.slow
@pytest.mark.skipif(DATA is None or not (DATA / "tls-t17").is_dir(), reason="Timeline17 (../shared/data) not present")
def test_timeline17_export_is_unchanged(tmp_path: Path) -> None:
    assert DATA is not None
    docs = [doc for doc in story_bench.timeline17(DATA, None) if doc[2]["text"].strip()][:T17_ARTICLES]
    path = tmp_path / "t17.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for _, _, record in docs:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    _check("timeline17-2000", _build([str(path)], tmp_path, tmp_path))
