"""`storyline attitudes`: beliefs, intentions, stances and topics ascribed to people and bodies."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from storyline.cli.app import DbOption, JsonOption, app, err, open_store, out
from storyline.store.sqlite import DEFAULT_DB


@app.command("attitudes")
def attitudes_command(
    db: DbOption = Path(DEFAULT_DB),
    holder: Annotated[str | None, typer.Option("--holder", help="Only this holder's (name or alias).")] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="belief, intention, stance or topic.", case_sensitive=False)
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List beliefs, intentions, stances and topics ascribed to people and organisations."""
    from storyline.service import reading

    with open_store(db) as store:
        try:
            found = list(reading.attitudes(store, holder=holder, kind=kind))
        except ValueError as exc:
            err.print(f"--{exc}")
            raise typer.Exit(2) from exc
    if as_json:
        out.print_json(data={"attitudes": [a.as_dict() for a in found]})
        return
    for a in found:
        who = a.holder_name or a.holder
        what = f"{escape(a.cue or '')} {escape(a.text)}"
        out.print(f"[bold]{escape(who)}[/] [dim]{a.article[:12]} {a.kind}[/]: {what}", highlight=False)
