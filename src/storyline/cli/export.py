"""`storyline export`: the whole store as one JSON object (docs/export.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from storyline.cli.app import DbOption, app, err, open_store
from storyline.store.sqlite import DEFAULT_DB


@app.command("export")
def export_command(
    db: DbOption = Path(DEFAULT_DB),
    fmt: Annotated[str, typer.Option("--format", help="Export format.")] = "json",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write (default: standard output).")
    ] = None,
) -> None:
    """Export the whole store as one JSON object (see docs/export.md)."""
    if fmt != "json":
        err.print(f"error: unknown format {escape(fmt)!r}; the formats are: json")
        raise typer.Exit(2)
    from storyline.service.export import write_json

    with open_store(db) as store:
        if output is None:
            write_json(store, sys.stdout)
            return
        partial = output.with_name(output.name + ".partial")
        with partial.open("w", encoding="utf-8") as handle:
            count = write_json(store, handle)
        partial.replace(output)  # a reader never sees half an export
        err.print(f"exported {count:,} articles to {escape(str(output))}")
