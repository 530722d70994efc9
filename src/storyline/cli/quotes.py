"""`storyline quotes`: quotes with their speakers, in article order."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from storyline.cli.app import DbOption, JsonOption, app, open_store, out
from storyline.store.sqlite import DEFAULT_DB


@app.command("quotes")
def quotes_command(
    db: DbOption = Path(DEFAULT_DB),
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="Only quotes by this speaker (name or alias).")
    ] = None,
    indirect: Annotated[bool, typer.Option("--indirect/--direct-only", help="Include reported speech.")] = True,
    as_json: JsonOption = False,
) -> None:
    """List quotes with their speakers, in article order."""
    from storyline.service import reading

    with open_store(db) as store:
        found = list(reading.quotes(store, speaker=speaker, direct_only=not indirect))
    if as_json:
        out.print_json(data={"quotes": [q.as_dict() for q in found]})
        return
    for q in found:
        who = q.speaker_name or q.speaker or "(unattributed)"
        text = f"“{escape(q.text)}”" if q.kind == "direct" else f"[italic]{escape(q.text)}[/]"
        out.print(f"[bold]{escape(who)}[/] [dim]{q.article[:12]}[/]: {text}", highlight=False)
