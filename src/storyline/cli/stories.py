"""`storyline stories`: every story with its date span, articles, sources and its events."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape

from storyline.cli.app import Col, DbOption, JsonOption, app, date_span, fitted_table, open_store, out
from storyline.store.sqlite import DEFAULT_DB


@app.command("stories")
def stories_command(db: DbOption = Path(DEFAULT_DB), as_json: JsonOption = False) -> None:
    """List stories (date span, articles, independent sources, title), each story's events
    under it when it has more than one."""
    from storyline.service import stories

    with open_store(db) as store:
        found = stories.stories(store)
        events = {e.id: e for e in stories.events(store)}
    if as_json:
        out.print_json(data={"stories": [s.as_dict() for s in found], "events": [e.as_dict() for e in events.values()]})
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
        cells.append(
            (
                str(s.id),
                date_span(s.start, s.end),
                str(len(s.articles)),
                str(s.independent_sources),
                escape(s.title or "-"),
            )
        )
        if len(s.events) < 2:
            continue
        for event in (events[i] for i in s.events if i in events):
            cells.append(
                (
                    f"[dim]event {event.id}[/]",
                    f"[dim]{date_span(event.start, event.end)}[/]",
                    f"[dim]{len(event.articles)}[/]",
                    f"[dim]{event.independent_sources}[/]",
                    f"[dim]  {escape(event.title or '-')}[/]",
                )
            )
    out.print(fitted_table(columns, cells))
