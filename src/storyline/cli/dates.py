"""`storyline dates`: temporal expressions and the values they resolve to."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from storyline.cli.app import Col, DbOption, JsonOption, app, fitted_table, lookup_article, open_store, out
from storyline.store.sqlite import DEFAULT_DB


@app.command("dates")
def dates_command(
    article: Annotated[str | None, typer.Argument(help="Only this article (id or prefix).")] = None,
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """List temporal expressions and the values they resolve to."""
    from storyline.service import reading

    with open_store(db) as store:
        ident = None
        if article is not None:
            ident = lookup_article(store, article).id
        rows = list(reading.dates(store, ident))
    if as_json:
        out.print_json(data={"dates": [d.as_dict() for d in rows]})
        return
    columns = (
        Col("article"),
        Col("expression", flex=True, fold=True),
        Col("value", cap=24),
        Col("kind"),
        Col("precision"),
    )
    cells = [(d.article[:12], escape(d.text), escape(d.value), d.kind, d.precision) for d in rows]
    out.print(fitted_table(columns, cells))
