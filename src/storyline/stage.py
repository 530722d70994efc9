"""What a stage is: the one shape every step after ingest takes.

In the spirit of spaCy's pipeline components, which declare what they require and
assign, a stage declares its name, the stages it runs after, the tables it owns (the
only ones its store module writes), the tables of earlier stages it resolves further
(through their owner's store module), how it finds its pending work, how it runs
over that work, and how it forgets what it derived from articles that an earlier
stage has just recomputed. The registry (`storyline/registry.py`) orders the stages
and runs them; nothing else calls a stage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.store.sqlite import Store

Progress = Callable[[str, int, int], None]  # (step, done, total): for a progress bar
Counts = dict[str, int]  # what a run did, by name ("placed", "copies", ...)


@dataclass
class Context:
    """What a run of the registry gives each stage."""

    store: Store
    jobs: int
    redo: bool = False
    progress: Progress | None = None
    # Drop what the stages downstream of the running one derived from these articles;
    # called by a stage inside the transaction that rewrites them (set by the registry).
    invalidate: Callable[[Sequence[str]], None] = field(default=lambda ids: None)


@dataclass(frozen=True)
class Stage:
    name: str
    after: tuple[str, ...]
    owns: tuple[str, ...]
    pending: Callable[[Store, bool], Sequence[Any]]  # (store, redo) -> the work, in the order it is done
    run: Callable[[Context, Sequence[Any]], Counts]  # over that work (never called with none)
    refines: tuple[str, ...] = ()
    forget: Callable[[Store, Sequence[str]], None] | None = None  # inside the caller's transaction
    summary: str = ""  # what the stage adds, one line (for `storyline stages`, the docs)
