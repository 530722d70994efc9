"""Commands over the reading and the canonical entities: entities, entity, quotes, attitudes, dates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from storyline.analyze.records import ATTITUDE_KINDS as KINDS
from storyline.cli.app import DbOption, JsonOption, app, err, open_store, out
from storyline.corpus import readingviews
from storyline.store.sqlite import DEFAULT_DB


@app.command("entities")
def entities_command(
    db: DbOption = Path(DEFAULT_DB),
    kind: Annotated[
        str | None, typer.Option("--type", help="Only this type (PERSON, ORG, GPE, LOC, FAC, NORP).")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many, most mentioned first.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List canonical entities: type, mentions, articles, aliases, roles."""
    with open_store(db) as store:
        found = [
            e
            for e in readingviews.entities(store.db, limit=None if kind else limit)
            if kind is None or e["type"] == kind.upper()
        ][: limit if kind else None]
    if as_json:
        out.print_json(data={"entities": found})
        return
    table = Table(box=None, header_style="bold")
    for column, justify in (("id", "right"), ("type", "left"), ("mentions", "right"), ("articles", "right")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    table.add_column("name")
    table.add_column("aliases / roles", overflow="ellipsis", no_wrap=True, max_width=max(20, out.width - 60))
    for e in found:
        extra = [a for a in e["aliases"] if a != e["name"]][:4] + sorted({r["role"] for r in e["roles"]})[:3]
        table.add_row(
            str(e["id"]),
            e["type"],
            str(e["mentions"]),
            str(len(e["articles"])),
            escape(e["name"]),
            escape("; ".join(extra)),
        )
    out.print(table)


@app.command("entity")
def entity_command(
    name: Annotated[str, typer.Argument(help="A canonical name or any alias (any case), or an entity id.")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """Show one entity: aliases, roles with the article and date stating them, articles."""
    with open_store(db) as store:
        found = readingviews.find(store.db, name)
        if not found and name.isdigit():
            found = list(readingviews.entities(store.db, entity_id=int(name)))
    if not found:
        err.print(f"error: no entity named {escape(name)}")
        raise typer.Exit(1)
    if as_json:
        out.print_json(data=found[0] if len(found) == 1 else {"entities": found})
        return
    for e in found:
        out.print(f"[bold]{escape(e['name'])}[/]  [dim]{e['type']}, id {e['id']}[/]")
        out.print(f"  {e['mentions']:,} mentions in {len(e['articles']):,} articles")
        out.print(f"  aliases: {escape(', '.join(e['aliases']))}")
        for role in e["roles"]:
            out.print(f"  role: {escape(role['role'])}  [dim]({role['date'] or 'undated'}, {role['article'][:12]})[/]")


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
    with open_store(db) as store:
        found = [q for q in readingviews.quotes(store.db, speaker=speaker) if indirect or q["kind"] == "direct"]
    if as_json:
        out.print_json(data={"quotes": found})
        return
    for q in found:
        who = q["speaker_name"] or q["speaker"] or "(unattributed)"
        text = f"“{escape(q['text'])}”" if q["kind"] == "direct" else f"[italic]{escape(q['text'])}[/]"
        out.print(f"[bold]{escape(who)}[/] [dim]{q['article'][:12]}[/]: {text}", highlight=False)


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
    if kind is not None and kind.lower() not in KINDS:
        err.print(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
        raise typer.Exit(2)
    with open_store(db) as store:
        found = list(readingviews.attitudes(store.db, holder=holder, kind=kind.lower() if kind else None))
    if as_json:
        out.print_json(data={"attitudes": found})
        return
    for a in found:
        who = a["holder_name"] or a["holder"]
        what = f"{escape(a['cue'] or '')} {escape(a['text'])}"
        out.print(f"[bold]{escape(who)}[/] [dim]{a['article'][:12]} {a['kind']}[/]: {what}", highlight=False)


@app.command("dates")
def dates_command(
    article: Annotated[str | None, typer.Argument(help="Only this article (id or prefix).")] = None,
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """List temporal expressions and the values they resolve to."""
    with open_store(db) as store:
        ident = None
        if article is not None:
            found = store.get(article)
            if found is None:
                err.print(f"error: no article {escape(article)}")
                raise typer.Exit(1)
            ident = found.id
        rows = list(readingviews.dates(store.db, ident))
    if as_json:
        out.print_json(data={"dates": rows})
        return
    table = Table(box=None, header_style="bold")
    for column in ("article", "expression", "value", "kind", "precision"):
        table.add_column(column)
    for d in rows:
        table.add_row(d["article"][:12], escape(d["text"]), d["value"], d["kind"], d["precision"])
    out.print(table)
