"""`storyline stories`: every story with its date span, articles and independent sources."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from rich.table import Table

from storyline.cli.app import DbOption, JsonOption, app, open_store, out
from storyline.service import stories
from storyline.store.sqlite import DEFAULT_DB


@app.command("stories")
def stories_command(db: DbOption = Path(DEFAULT_DB), as_json: JsonOption = False) -> None:
    """List stories: date span, articles, independent sources, title."""
    with open_store(db) as store:
        found = stories.stories(store)
    if as_json:
        out.print_json(data={"stories": [s.as_dict() for s in found]})
        return
    table = Table(box=None, header_style="bold")
    table.add_column("id", justify="right")
    table.add_column("dates", no_wrap=True)
    table.add_column("articles", justify="right")
    table.add_column("sources", justify="right")
    table.add_column("title", no_wrap=True, overflow="ellipsis", max_width=max(20, out.width - 46))
    for s in found:
        span = "-" if s.start is None else s.start if s.start == s.end else f"{s.start}..{s.end}"
        table.add_row(str(s.id), span, str(len(s.articles)), str(s.independent_sources), escape(s.title or "-"))
    out.print(table)
