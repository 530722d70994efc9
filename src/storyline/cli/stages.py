"""`storyline stages`: the registered stages in running order, with what each owns."""

from __future__ import annotations

from rich.table import Table

from storyline.cli.app import JsonOption, app, out


@app.command("stages")
def stages_command(as_json: JsonOption = False) -> None:
    """List the stages after ingest in the order they run: what each runs after, owns and refines."""
    from storyline.registry import ordered

    found = ordered()
    if as_json:
        out.print_json(
            data={
                "stages": [
                    {"name": s.name, "after": list(s.after), "owns": list(s.owns), "refines": list(s.refines)}
                    for s in found
                ]
            }
        )
        return
    table = Table(box=None, header_style="bold")
    for column in ("stage", "after", "tables", "what it adds"):
        table.add_column(column, overflow="fold")
    for s in found:
        tables = ", ".join(s.owns) + (f" (refines {', '.join(s.refines)})" if s.refines else "")
        table.add_row(s.name, ", ".join(s.after) or "-", tables, s.summary)
    out.print(table)
