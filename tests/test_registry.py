"""The stage registry: order, what `read=False` skips, and invalidation downstream."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from storyline import registry
from storyline.stage import Context, Counts, Stage
from storyline.store.sqlite import Store


def _stage(name: str, after: tuple[str, ...] = (), log: list[str] | None = None, **kw: object) -> Stage:
    def run(context: Context, work: Sequence[str]) -> Counts:
        if log is not None:
            log.append(name)
        return {"done": len(work)}

    return Stage(name=name, after=after, owns=(), pending=lambda store, redo: ["a"], run=run, **kw)  # type: ignore[arg-type]


def test_the_registered_stages_run_each_after_what_it_names() -> None:
    names = [s.name for s in registry.ordered()]
    assert names == ["features", "reading", "stories", "entities", "anchors", "timeline", "claims"]
    for position, stage in enumerate(registry.ordered()):
        assert set(stage.after) <= set(names[:position])


def test_order_follows_after_not_registration() -> None:
    stages = [_stage("c", ("b",)), _stage("a"), _stage("b", ("a",))]
    assert [s.name for s in registry.ordered(stages)] == ["a", "b", "c"]


def test_unknown_and_cyclic_dependencies_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        registry.ordered([_stage("a", ("nowhere",))])
    with pytest.raises(ValueError, match="cycle"):
        registry.ordered([_stage("a", ("b",)), _stage("b", ("a",))])


def test_downstream_is_transitive() -> None:
    assert [s.name for s in registry.downstream("reading")] == ["entities", "anchors", "timeline", "claims"]
    assert [s.name for s in registry.downstream("features")] == ["stories", "entities", "anchors", "timeline", "claims"]
    assert [s.name for s in registry.downstream("anchors")] == ["timeline", "claims"]
    assert registry.downstream("claims") == []


def test_read_false_skips_the_reading_and_everything_after_it(tmp_path: Path) -> None:
    log: list[str] = []
    stages = [
        _stage("features", log=log),
        _stage("reading", log=log),
        _stage("stories", ("features",), log=log),
        _stage("entities", ("reading", "stories"), log=log),
    ]
    with Store(tmp_path / "s.db") as store:
        report = registry.update(store, jobs=1, read=False, stages=stages)
        assert log == ["features", "stories"]
        assert report.as_dict() == {"features": {"done": 1}, "stories": {"done": 1}}
        registry.update(store, jobs=1, stages=stages)
        assert log[2:] == ["features", "reading", "stories", "entities"]


def test_a_stage_with_nothing_pending_is_not_run(tmp_path: Path) -> None:
    ran: list[str] = []

    def run(context: Context, work: Sequence[str]) -> Counts:
        ran.append("idle")
        return {}

    idle = Stage("idle", (), (), pending=lambda store, redo: [], run=run)
    with Store(tmp_path / "s.db") as store:
        assert registry.update(store, jobs=1, stages=[idle]).as_dict() == {"idle": {}}
    assert ran == []


def test_invalidate_reaches_every_stage_downstream_and_only_those(tmp_path: Path) -> None:
    forgotten: dict[str, list[str]] = {}

    def forget_as(name: str):  # type: ignore[no-untyped-def]
        return lambda store, ids: forgotten.setdefault(name, []).extend(ids)

    def rereads(context: Context, work: Sequence[str]) -> Counts:
        context.invalidate(["x1", "x2"])
        return {"read": 2}

    stages = [
        Stage("up", (), (), pending=lambda s, r: ["x"], run=rereads),
        Stage("side", (), (), pending=lambda s, r: [], run=lambda c, w: {}, forget=forget_as("side")),
        Stage("down", ("up",), (), pending=lambda s, r: [], run=lambda c, w: {}, forget=forget_as("down")),
        Stage("further", ("down",), (), pending=lambda s, r: [], run=lambda c, w: {}, forget=forget_as("further")),
    ]
    with Store(tmp_path / "s.db") as store:
        registry.update(store, jobs=1, stages=stages)
    assert forgotten == {"down": ["x1", "x2"], "further": ["x1", "x2"]}


def test_run_one_runs_a_single_registered_stage(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert registry.run_one(store, "stories") == {}  # nothing stored, nothing to place
        with pytest.raises(ValueError):
            registry.run_one(store, "no-such-stage")
