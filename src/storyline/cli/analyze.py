"""`storyline analyze`: run every stage over stored articles that lack it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from storyline.cli.app import DbOption, JsonOption, StageProgress, app, err, open_store, out, update_summary
from storyline.store.sqlite import DEFAULT_DB


@app.command("analyze")
def analyze_command(
    db: DbOption = Path(DEFAULT_DB),
    redo: Annotated[
        bool, typer.Option("--redo", help="Recompute every article's analysis, not only what is missing.")
    ] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (default: all cores).")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Run the analysis and corpus stages over stored articles that lack them."""
    from storyline.service.pipeline import update

    with open_store(db, write=True) as store:
        bar = StageProgress(enabled=not as_json and err.is_terminal)
        try:
            updated = update(store, jobs=jobs or None, redo=redo, progress=bar)
        finally:
            bar.stop()
    if as_json:
        placed = updated.count("stories", "placed")
        out.print_json(data={"analysed": updated.analysed, "placed": placed, "stages": updated.as_dict()})
    else:
        out.print(update_summary(updated), highlight=False)
