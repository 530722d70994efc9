"""`storyline rejects`: inputs that did not become articles, and why."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from rich.markup import escape

from storyline.cli.app import DbOption, JsonOption, app, err, open_store, out
from storyline.store.sqlite import DEFAULT_DB


@app.command("rejects")
def rejects_command(db: DbOption = Path(DEFAULT_DB), as_json: JsonOption = False) -> None:
    """Inputs that did not become articles, with the reason (their raw bytes are kept)."""
    from storyline.service import articles

    with open_store(db) as store:
        rows = articles.rejects(store)
    if as_json:
        out.print_json(data={"rejects": [asdict(r) for r in rows]})
        return
    for r in rows:
        times = f" (x{r.times})" if r.times > 1 else ""
        out.print(f"{escape(r.source)}: {escape(r.reason)}{times}", highlight=False)
    if not rows:
        err.print("no rejected inputs")
