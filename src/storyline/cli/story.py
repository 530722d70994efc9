"""`storyline story`: one story, its key entities, its events and its articles, copies marked."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from storyline.cli.app import (
    Col,
    DbOption,
    JsonOption,
    app,
    article_label,
    date_span,
    err,
    fitted_table,
    open_store,
    out,
)
from storyline.store.sqlite import DEFAULT_DB


@app.command("story")
def story_command(
    ident: Annotated[int, typer.Argument(metavar="ID", help="A story id (see `storyline stories`).")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """Show one story: its key entities, its events and its articles, copies marked."""
    from storyline.service import stories

    with open_store(db) as store:
        found = stories.story(store, ident)
    if found is None:
        err.print(f"error: no story {ident}")
        raise typer.Exit(1)
    if as_json:
        out.print_json(data=found.as_dict())
        return
    story = found.story
    out.print(f"[bold]{escape(story.title or '(untitled story)')}[/]")
    span = "undated" if story.start is None else f"{story.start} .. {story.end}"
    out.print(f"[dim]{span}; {len(story.articles)} articles, {story.independent_sources} independent[/]")
    out.print(f"[dim]key entities:[/] {escape(', '.join(story.key_entities))}")
    if story.related:
        out.print(f"[dim]related stories:[/] {', '.join(str(r) for r in story.related)}")
    if len(found.events) > 1:
        out.print(f"[dim]{len(found.events)} events:[/]")
        for event in found.events:
            span, size = date_span(event.start, event.end, "undated"), f"{len(event.articles)} articles"
            out.print(f"  [dim]event {event.id}  {span}  {size}[/]  {escape(event.title or '-')}")
    cells = []
    for member in found.articles:
        article, copy = member.article, member.copy_of
        notes = [f"[yellow]{escape(copy['kind'])} copy of {copy['id'][:12]}[/]"] if copy else []
        if (member.machine_paraphrased or {}).get("flag"):
            notes.append("[red]machine-paraphrased[/]")
        when = article.published.value if article.published else "undated"
        outlet = escape(article.outlet.name) if article.outlet else "-"
        cells.append((article.id[:12], when, outlet, escape(article_label(article)), "; ".join(notes)))
    columns = [Col("article"), Col("published"), Col("outlet", cap=16), Col("title", flex=True)]
    if any(c[-1] for c in cells):  # the notes take their room before the title does
        columns.append(Col("copy / paraphrase"))
    out.print(fitted_table(columns, [c[: len(columns)] for c in cells]))
