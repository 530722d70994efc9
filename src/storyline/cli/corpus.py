"""Commands over the analysis and corpus stages: analyze, recluster, stories, story."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from storyline import stages
from storyline.cli.app import DbOption, JsonOption, StageProgress, app, article_label, err, open_store, out
from storyline.corpus import stage as corpus_stage
from storyline.corpus import views
from storyline.export import article_record
from storyline.parallel import default_jobs
from storyline.store.sqlite import DEFAULT_DB


@app.command("analyze")
def analyze_command(
    db: DbOption = Path(DEFAULT_DB),
    redo: Annotated[
        bool, typer.Option("--redo", help="Recompute every article's analysis, not only what is missing.")
    ] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (default: all cores).")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Run the analysis and corpus stages over stored articles that lack them."""
    with open_store(db) as store:
        bar = StageProgress(enabled=not as_json and err.is_terminal)
        try:
            updated = stages.update(store, jobs=jobs or default_jobs(), redo=redo, progress=bar)
        finally:
            bar.stop()
    if as_json:
        out.print_json(data=updated.as_dict())
    else:
        out.print(
            f"analysed {updated.analysed:,}; placed {updated.placed:,} in stories; "
            f"resolved the actors of {updated.resolved:,}",
            highlight=False,
        )


@app.command("recluster")
def recluster_command(db: DbOption = Path(DEFAULT_DB), as_json: JsonOption = False) -> None:
    """Rebuild every story and copy link in one batch pass, with frequencies from the whole store."""
    with open_store(db) as store:
        report = corpus_stage.recluster(store)
        count = len(views.stories(store.db))
    if as_json:
        out.print_json(data={"placed": report.placed, "stories": count, "copies": report.copies})
    else:
        out.print(f"reclustered {report.placed:,} articles into {count:,} stories ({report.copies:,} copies)")


@app.command("stories")
def stories_command(db: DbOption = Path(DEFAULT_DB), as_json: JsonOption = False) -> None:
    """List stories: date span, articles, independent sources, title."""
    with open_store(db) as store:
        found = views.stories(store.db)
    if as_json:
        out.print_json(data={"stories": [s.as_dict() for s in found]})
        return
    table = Table(box=None, header_style="bold")
    table.add_column("id", justify="right")
    table.add_column("dates", no_wrap=True)
    table.add_column("articles", justify="right")
    table.add_column("sources", justify="right")
    table.add_column("title", no_wrap=True, overflow="ellipsis", max_width=max(20, out.width - 46))
    for s in found:
        span = "-" if s.start is None else s.start if s.start == s.end else f"{s.start}..{s.end}"
        table.add_row(str(s.id), span, str(len(s.articles)), str(s.independent_sources), escape(s.title or "-"))
    out.print(table)


@app.command("story")
def story_command(
    ident: Annotated[int, typer.Argument(metavar="ID", help="A story id (see `storyline stories`).")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """Show one story: its key entities and its articles, copies marked."""
    with open_store(db) as store:
        found = views.stories(store.db, ident)
        if not found:
            err.print(f"error: no story {ident}")
            raise typer.Exit(1)
        story = found[0]
        articles = [(store.get(a), views.article_fields(store.db, a)) for a in story.articles]
    if as_json:
        records = [article_record(a) | f for a, f in articles if a is not None]
        out.print_json(data=story.as_dict() | {"articles": records})
        return
    out.print(f"[bold]{escape(story.title or '(untitled story)')}[/]")
    span = "undated" if story.start is None else f"{story.start} .. {story.end}"
    out.print(f"[dim]{span}; {len(story.articles)} articles, {story.independent_sources} independent[/]")
    out.print(f"[dim]key entities:[/] {escape(', '.join(story.key_entities))}")
    for article, fields in articles:
        if article is None:
            continue
        copy = fields["copy_of"]
        mark = f"  [yellow]{copy['kind']} copy of {copy['id'][:12]}[/]" if copy else ""
        spun = "  [red]machine-paraphrased[/]" if (fields["machine_paraphrased"] or {}).get("flag") else ""
        when = article.published.value if article.published else "undated"
        outlet = article.outlet.name if article.outlet else "-"
        out.print(
            f"  {article.id[:12]}  {when:<10}  {escape(outlet):<14} {escape(article_label(article, 60))}{mark}{spun}"
        )
