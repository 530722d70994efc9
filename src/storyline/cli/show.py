"""`storyline show`: one article, its metadata, where it came from, and its clean text."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from storyline.cli.app import DbOption, JsonOption, app, lookup_article, open_store, out
from storyline.store.sqlite import DEFAULT_DB


def _evidence(anchor: dict[str, Any]) -> str:
    """The votes behind an inferred day, short enough for one line."""
    parts = []
    for e in anchor["evidence"]:
        if e["via"] == "event":
            parts.append(f"{e['here']} = {e['event']} in {e['article'][:12]}")
        else:
            parts.append(f"{e['article'][:12]} of its story ({e['day']})")
    return "; ".join(parts)


@app.command("show")
def show_command(
    ident: Annotated[str, typer.Argument(metavar="ID", help="An article id or a unique prefix of one.")],
    db: DbOption = Path(DEFAULT_DB),
    raw: Annotated[bool, typer.Option("--raw", help="Print the raw input as it was read.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Show one article: its metadata, where it came from, and its clean text."""
    from storyline.service import articles

    with open_store(db) as store:
        article = lookup_article(store, ident)
        if raw:
            sys.stdout.buffer.write(articles.raw_input(store, article) or b"")
            return
        record = articles.view(store, article).as_dict()
    if as_json:
        out.print_json(data=record | {"extra": article.extra})
        return
    out.print(f"[bold]{escape(article.title or '(no title)')}[/]")
    for key in ("id", "outlet", "published", "author", "language", "url", "source", "reader"):
        value = record.get(key)
        if key == "outlet" and value:
            value = f"{value}  ({record['outlet_origin']})"
        if key == "published" and value:
            value = f"{value}  ({record['published_precision']}, from {record['published_origin']})"
        if key == "published" and not value and record["date_anchor"]:
            anchor = record["date_anchor"]
            value = f"~{anchor['day']}  (not printed; inferred from {anchor['method']}: {_evidence(anchor)})"
        if value:
            out.print(f"[dim]{key:>10}[/]  {escape(str(value))}", highlight=False)
    if len(record["sightings"]) > 1:
        out.print(f"[dim]{'also seen':>10}[/]  " + ", ".join(escape(s["source"]) for s in record["sightings"][1:]))
    out.print()
    out.print(escape(article.body), highlight=False)
