"""`storyline articles`: stored articles in arrival order."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from storyline.cli.app import DbOption, JsonOption, app, article_label, open_store, out
from storyline.service import articles
from storyline.service.records import ArticleView
from storyline.store.sqlite import DEFAULT_DB


@app.command("articles")
def articles_command(
    db: DbOption = Path(DEFAULT_DB),
    limit: Annotated[int | None, typer.Option(help="At most this many.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List stored articles in arrival order."""
    with open_store(db) as store:
        rows = articles.articles(store, limit=limit).items
        total = articles.count(store)
    if as_json:
        out.print_json(data={"articles": [ArticleView(a).as_dict(text=False) for a in rows]})
        return
    table = Table(box=None, header_style="bold")
    table.add_column("id", no_wrap=True, min_width=12)
    table.add_column("published", no_wrap=True, min_width=10)
    table.add_column("outlet", no_wrap=True, min_width=6, max_width=18, overflow="ellipsis")
    table.add_column("lang", no_wrap=True, width=4)
    table.add_column("title / first line", no_wrap=True, overflow="ellipsis", max_width=max(20, out.width - 46))
    for a in rows:
        table.add_row(
            a.id[:12],
            a.published.value if a.published else "-",
            a.outlet.name if a.outlet else "-",
            a.language or "-",
            escape(article_label(a)),
        )
    out.print(table)
    out.print(f"{len(rows):,} of {total:,} articles", style="dim")
