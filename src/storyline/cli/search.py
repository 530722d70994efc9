"""`storyline search`: full-text search over titles and bodies, best matches first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from storyline.cli.app import DbOption, JsonOption, app, article_label, err, open_store, out
from storyline.store.sqlite import DEFAULT_DB


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help='Words to find (SQLite FTS5 syntax: "exact phrase", OR, NOT, prefix*).')],
    db: DbOption = Path(DEFAULT_DB),
    limit: Annotated[int, typer.Option(help="At most this many hits.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over titles and bodies, best matches first."""
    from storyline.service import articles

    with open_store(db) as store:
        hits = articles.search(store, query, limit=limit).items
    if as_json:
        out.print_json(data={"query": query, "hits": [h.as_dict() for h in hits]})
        return
    for hit in hits:
        out.print(f"[bold]{hit.article.id[:12]}[/]  {escape(article_label(hit.article))}", highlight=False)
        out.print(f"    {escape(hit.snippet)}", highlight=False)
    if not hits:
        err.print("no matches")
