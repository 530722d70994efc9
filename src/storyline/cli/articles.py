"""`storyline articles`: stored articles in arrival order."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from storyline.cli.app import Col, DbOption, JsonOption, app, article_label, fitted_table, open_store, out
from storyline.service.records import ArticleView
from storyline.store.sqlite import DEFAULT_DB


@app.command("articles")
def articles_command(
    db: DbOption = Path(DEFAULT_DB),
    limit: Annotated[int | None, typer.Option(help="At most this many.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List stored articles in arrival order."""
    from storyline.service import articles

    with open_store(db) as store:
        rows = articles.articles(store, limit=limit).items
        total = articles.count(store)
    if as_json:
        out.print_json(data={"articles": [ArticleView(a).as_dict(text=False) for a in rows]})
        return
    columns = (Col("id"), Col("published"), Col("outlet", cap=18), Col("lang"), Col("title / first line", flex=True))
    cells = [
        (
            a.id[:12],
            a.published.value if a.published else "-",
            escape(a.outlet.name) if a.outlet else "-",
            escape(a.language or "-"),
            escape(article_label(a)),
        )
        for a in rows
    ]
    out.print(fitted_table(columns, cells))
    out.print(f"{len(rows):,} of {total:,} articles", style="dim")
