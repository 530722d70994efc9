"""The stages after ingest, run in order over whatever they have not yet seen.

`storyline ingest` calls `update` so that the store is fully analysed when it
returns; `storyline analyze` calls it alone (with `redo` to recompute).
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.analyze import stage as analyze_stage
from storyline.corpus import stage as corpus_stage
from storyline.store.sqlite import Store


@dataclass
class UpdateReport:
    analysed: int
    placed: int
    copies: int
    new_stories: int

    def as_dict(self) -> dict[str, int]:
        return self.__dict__.copy()


def update(store: Store, *, jobs: int, redo: bool = False) -> UpdateReport:
    analysed = analyze_stage.run(store, jobs=jobs, redo=redo)
    corpus = corpus_stage.run(store)
    return UpdateReport(analysed, corpus.placed, corpus.copies, corpus.new_stories)
