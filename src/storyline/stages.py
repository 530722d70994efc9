"""The stages after ingest, run in order over whatever they have not yet seen.

`storyline ingest` calls `update` so that the store is fully analysed when it
returns; `storyline analyze` calls it alone (with `redo` to recompute).
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.analyze import stage as analyze_stage
from storyline.corpus import anchorstage, entitystage
from storyline.corpus import stage as corpus_stage
from storyline.store.sqlite import Store


@dataclass
class UpdateReport:
    analysed: int
    placed: int
    copies: int
    new_stories: int
    resolved: int = 0
    dated: int = 0  # undated articles given (or relieved of) an inferred publication day

    def as_dict(self) -> dict[str, int]:
        return self.__dict__.copy()


def update(
    store: Store, *, jobs: int, redo: bool = False, read: bool = True, progress: analyze_stage.Progress | None = None
) -> UpdateReport:
    """Every stage in order. `read=False` stops at what copies and stories need (no spaCy):
    for benchmarks of those stages, and bulk loads read later by `storyline analyze`."""
    analysed = analyze_stage.run(store, jobs=jobs, redo=redo, read=read, progress=progress)
    corpus = corpus_stage.run(store)
    resolved = entitystage.run(store) if read else 0
    dated = anchorstage.run(store) if read else 0
    return UpdateReport(analysed, corpus.placed, corpus.copies, corpus.new_stories, resolved, dated)
