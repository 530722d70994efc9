"""`storyline claims`: check-worthy claims with their status across independent outlets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from storyline.cli.app import DbOption, JsonOption, app, open_store, out
from storyline.store.sqlite import DEFAULT_DB

_STYLE = {"corroborated": "green", "single-source": "yellow", "contested": "red"}


@app.command("claims")
def claims_command(
    db: DbOption = Path(DEFAULT_DB),
    story: Annotated[int | None, typer.Option("--story", help="Only the claims of this story.")] = None,
    status: Annotated[str | None, typer.Option("--status", help="corroborated, single-source or contested.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Claims, contested first, then by how many independent outlets give them."""
    from storyline.report.render import claim_line, conflict_line
    from storyline.service import timeline

    with open_store(db) as store:
        found = timeline.claims(store, story=story, status=status)
    if as_json:
        out.print_json(data={"claims": [c.as_dict() for c in found]})
        return
    for c in found:
        line = conflict_line(c) if c.status == "contested" else claim_line(c)
        said = f" (per {escape(c.attributed_to)})" if c.attributed_to else ""
        out.print(
            f"[{_STYLE[c.status]}]{c.status}[/] [dim]{c.kind}[/] {escape(line)}{said} "
            f"[dim]{c.independent_sources} independent[/]",
            highlight=False,
        )
