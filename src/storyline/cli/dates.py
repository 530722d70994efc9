"""`storyline dates`: temporal expressions and the values they resolve to."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from storyline.cli.app import DbOption, JsonOption, app, err, open_store, out
from storyline.service import articles, reading
from storyline.store.sqlite import DEFAULT_DB


@app.command("dates")
def dates_command(
    article: Annotated[str | None, typer.Argument(help="Only this article (id or prefix).")] = None,
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """List temporal expressions and the values they resolve to."""
    with open_store(db) as store:
        ident = None
        if article is not None:
            found = articles.article(store, article)
            if found is None:
                err.print(f"error: no article {escape(article)}")
                raise typer.Exit(1)
            ident = found.id
        rows = list(reading.dates(store, ident))
    if as_json:
        out.print_json(data={"dates": [d.as_dict() for d in rows]})
        return
    table = Table(box=None, header_style="bold")
    for column in ("article", "expression", "value", "kind", "precision"):
        table.add_column(column)
    for d in rows:
        table.add_row(d.article[:12], escape(d.text), d.value, d.kind, d.precision)
    out.print(table)
