"""`storyline stories`: every story with its date span, articles and independent sources."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape

from storyline.cli.app import Col, DbOption, JsonOption, app, fitted_table, open_store, out
from storyline.store.sqlite import DEFAULT_DB


@app.command("stories")
def stories_command(db: DbOption = Path(DEFAULT_DB), as_json: JsonOption = False) -> None:
    """List stories: date span, articles, independent sources, title."""
    from storyline.service import stories

    with open_store(db) as store:
        found = stories.stories(store)
    if as_json:
        out.print_json(data={"stories": [s.as_dict() for s in found]})
        return
    columns = (
        Col("id", "right"),
        Col("dates"),
        Col("articles", "right"),
        Col("sources", "right"),
        Col("title", flex=True),
    )
    cells = []
    for s in found:
        span = "-" if s.start is None else s.start if s.start == s.end else f"{s.start}..{s.end}"
        cells.append((str(s.id), span, str(len(s.articles)), str(s.independent_sources), escape(s.title or "-")))
    out.print(fitted_table(columns, cells))
