"""`storyline timeline`: dated happenings, of one story or the whole store, with their sources."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from storyline.cli.app import DbOption, JsonOption, app, open_store, out
from storyline.store.sqlite import DEFAULT_DB


@app.command("timeline")
def timeline_command(
    db: DbOption = Path(DEFAULT_DB),
    story: Annotated[int | None, typer.Option("--story", help="Only the entries of this story.")] = None,
    start: Annotated[str | None, typer.Option("--from", help="From this day (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Up to this day (YYYY-MM-DD).")] = None,
    entity: Annotated[
        str | None, typer.Option("--entity", help="Only entries naming this actor (any spelling).")
    ] = None,
    min_sources: Annotated[
        int, typer.Option("--min-sources", help="Only entries with this many independent sources.")
    ] = 1,
    as_json: JsonOption = False,
) -> None:
    """Dated happenings, earliest first, each with the outlets that report it."""
    from storyline.service import timeline

    with open_store(db) as store:
        found = timeline.timeline(store, story=story, start=start, end=end, entity=entity, min_sources=min_sources)
    if as_json:
        out.print_json(data={"timeline": [e.as_dict() for e in found]})
        return
    for e in found:
        when = e.date or f"{e.start}..{e.end}"
        outlets = ", ".join(sorted({s.outlet or s.article[:8] for s in e.sources}))
        cited = f"[dim]({e.independent_sources} independent: {escape(outlets)})[/]"
        out.print(f"[bold]{escape(when)}[/] {escape(e.text)} {cited}", highlight=False)
