"""The stages after ingest, registered in one place and run in order over what they have not seen.

`storyline ingest` runs the registry so that the store is fully analysed when it
returns; `storyline analyze` runs it alone (with `redo` to recompute). A stage is
one module with a `STAGE` (storyline/stage.py), its store module, and one line here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from storyline.analyze.stages import features, reading
from storyline.corpus.stages import anchors, claims, entities, stories, timeline
from storyline.stage import Context, Counts, Progress, Stage
from storyline.store.sqlite import Store

STAGES: tuple[Stage, ...] = (
    features.STAGE,
    reading.STAGE,
    stories.STAGE,
    entities.STAGE,
    anchors.STAGE,
    timeline.STAGE,
    claims.STAGE,
)

READING = reading.STAGE.name  # the spaCy pass; `read=False` skips it and every stage after it


def ordered(stages: Sequence[Stage] = STAGES) -> list[Stage]:
    """The stages with every one after those it names (registration order breaks ties)."""
    names = {s.name for s in stages}
    for s in stages:
        unknown = set(s.after) - names
        if unknown:
            raise ValueError(f"stage {s.name} runs after unknown stage(s): {', '.join(sorted(unknown))}")
    done: list[Stage] = []
    left = list(stages)
    while left:
        ready = next((s for s in left if set(s.after) <= {d.name for d in done}), None)
        if ready is None:
            raise ValueError("stages run after each other in a cycle: " + ", ".join(s.name for s in left))
        done.append(ready)
        left.remove(ready)
    return done


def downstream(name: str, stages: Sequence[Stage] = STAGES) -> list[Stage]:
    """Every stage that runs after `name`, directly or through others, in running order."""
    below: set[str] = {name}
    found: list[Stage] = []
    for s in ordered(stages):
        if below & set(s.after):
            below.add(s.name)
            found.append(s)
    return found


@dataclass
class UpdateReport:
    """What each stage did, by stage name."""

    stages: dict[str, Counts] = field(default_factory=dict)

    def count(self, stage: str, what: str) -> int:
        return self.stages.get(stage, {}).get(what, 0)

    @property
    def analysed(self) -> int:
        """Articles analysed: given features or read, whichever touched more."""
        return max(self.count("features", "analysed"), self.count(READING, "read"))

    def as_dict(self) -> dict[str, Counts]:
        return {name: dict(counts) for name, counts in self.stages.items()}


def update(
    store: Store,
    *,
    jobs: int,
    redo: bool = False,
    read: bool = True,
    progress: Progress | None = None,
    stages: Sequence[Stage] = STAGES,
) -> UpdateReport:
    """Every stage in order. `read=False` stops at what copies and stories need (no spaCy):
    for benchmarks of those stages, and bulk loads read later by `storyline analyze`."""
    skipped = set() if read else {READING} | {s.name for s in downstream(READING, stages)}
    report = UpdateReport()
    for stage in ordered(stages):
        if stage.name in skipped:
            continue
        context = Context(store, jobs, redo, progress, invalidate=_invalidator(store, stage.name, stages))
        work = stage.pending(store, redo)
        report.stages[stage.name] = stage.run(context, work) if work else {}
    return report


def _invalidator(store: Store, name: str, stages: Sequence[Stage]) -> Callable[[Sequence[str]], None]:
    """Forget, in every stage downstream of `name`, what was derived from these articles."""

    def invalidate(ids: Sequence[str]) -> None:
        for stage in downstream(name, stages):
            if stage.forget is not None:
                stage.forget(store, ids)

    return invalidate


def run_one(store: Store, name: str, *, jobs: int = 1, redo: bool = False) -> Counts:
    """One stage alone over its pending work (benchmarks time a stage apart; tests check one)."""
    found = [s for s in STAGES if s.name == name]
    if not found:
        raise ValueError(f"no stage named {name!r}; the stages are: {', '.join(s.name for s in STAGES)}")
    stage = found[0]
    context = Context(store, jobs, redo, invalidate=_invalidator(store, stage.name, STAGES))
    work = stage.pending(store, redo)
    return stage.run(context, work) if work else {}
