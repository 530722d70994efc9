"""`storyline entities`: canonical entities, most mentioned first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from storyline.cli.app import Col, DbOption, JsonOption, app, fitted_table, open_store, out
from storyline.store.sqlite import DEFAULT_DB


@app.command("entities")
def entities_command(
    db: DbOption = Path(DEFAULT_DB),
    kind: Annotated[
        str | None, typer.Option("--type", help="Only this type (PERSON, ORG, GPE, LOC, FAC, NORP).")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many, most mentioned first.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List canonical entities: type, mentions, articles, aliases, roles."""
    from storyline.service import reading

    with open_store(db) as store:
        found = reading.entities_page(store, kind=kind, limit=limit).items
    if as_json:
        out.print_json(data={"entities": [e.as_dict() for e in found]})
        return
    columns = (
        Col("id", "right"),
        Col("type"),
        Col("mentions", "right"),
        Col("articles", "right"),
        Col("name", cap=28),
        Col("aliases / roles", flex=True, fold=True),
    )
    cells = []
    for e in found:
        extra = [a for a in e.aliases if a != e.name][:4] + sorted({r.role for r in e.roles})[:3]
        cells.append(
            (str(e.id), e.type, str(e.mentions), str(len(e.articles)), escape(e.name), escape("; ".join(extra)))
        )
    out.print(fitted_table(columns, cells))
