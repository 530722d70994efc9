"""`storyline recluster`: rebuild every story and copy link in one batch pass."""

from __future__ import annotations

from pathlib import Path

from storyline.cli.app import DbOption, JsonOption, app, open_store, out
from storyline.store.sqlite import DEFAULT_DB


@app.command("recluster")
def recluster_command(db: DbOption = Path(DEFAULT_DB), as_json: JsonOption = False) -> None:
    """Rebuild every story and copy link in one batch pass, with frequencies from the whole store."""
    from storyline.service.stories import recluster

    with open_store(db, write=True) as store:
        counts, stories = recluster(store)
    if as_json:
        out.print_json(data={"placed": counts["placed"], "stories": stories, "copies": counts["copies"]})
    else:
        out.print(f"reclustered {counts['placed']:,} articles into {stories:,} stories ({counts['copies']:,} copies)")
