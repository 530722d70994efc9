"""`storyline entity`: one entity by any name, spelling or id."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from storyline.cli.app import DbOption, JsonOption, app, err, open_store, out
from storyline.store.sqlite import DEFAULT_DB


@app.command("entity")
def entity_command(
    name: Annotated[str, typer.Argument(help="A canonical name or any alias (any case), or an entity id.")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """Show one entity: aliases, roles with the article and date stating them, articles."""
    from storyline.service import reading

    with open_store(db) as store:
        found = reading.find_entities(store, name)
    if not found:
        err.print(f"error: no entity named {escape(name)}")
        raise typer.Exit(1)
    if as_json:
        out.print_json(data=found[0].as_dict() if len(found) == 1 else {"entities": [e.as_dict() for e in found]})
        return
    for e in found:
        out.print(f"[bold]{escape(e.name)}[/]  [dim]{e.type}, id {e.id}[/]")
        out.print(f"  {e.mentions:,} mentions in {len(e.articles):,} articles")
        out.print(f"  aliases: {escape(', '.join(e.aliases))}")
        for role in e.roles:
            out.print(f"  role: {escape(role.role)}  [dim]({role.date or 'undated'}, {role.article[:12]})[/]")
