"""Commands over the ingest stage's output: ingest, articles, show, search, export, rejects."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from storyline import stages
from storyline.cli.app import DbOption, JsonOption, StageProgress, app, article_label, err, open_store, out
from storyline.export import article_record, write_json
from storyline.ingest.pipeline import IngestReport, ingest
from storyline.ingest.sources import DEFAULT_MAX_BYTES
from storyline.model import Article, Notice, Rejection
from storyline.parallel import default_jobs
from storyline.store.sqlite import DEFAULT_DB


class _LazyProgress:
    """A progress line that appears only once a run has taken more than a second,
    so short runs print nothing but their result."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.perf_counter()
        self.progress: Progress | None = None
        self.task: Any = None

    def __call__(self, result: Article | Rejection | Notice, report: IngestReport) -> None:
        if isinstance(result, Rejection):
            self._print(f"[red]error[/]: {escape(str(result))}")
        elif isinstance(result, Notice):
            self._print(f"[yellow]warning[/]: {escape(str(result))}")
        if not self.enabled:
            return
        if self.progress is None and time.perf_counter() - self.started > 1.0:
            self.progress = Progress(
                SpinnerColumn(),
                TextColumn("ingest"),
                TextColumn("{task.fields[stats]}"),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task("ingest", stats="", rate="")
        if self.progress is not None:
            elapsed = max(time.perf_counter() - self.started, 1e-9)
            stats = f"{report.read:,} articles, {len(report.rejections):,} rejected"
            self.progress.update(self.task, stats=stats, rate=f"{report.read / elapsed:,.0f}/s")

    def _print(self, line: str) -> None:
        (self.progress.console if self.progress else err).print(line, highlight=False)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (read recursively), globs, or - for stdin.")],
    db: DbOption = Path(DEFAULT_DB),
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Parser processes (default: all cores).")] = 0,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", help="Largest input taken as one article.")
    ] = DEFAULT_MAX_BYTES,
    as_json: JsonOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    reading: Annotated[
        bool,
        typer.Option(
            "--reading/--no-reading",
            help="Read each article with spaCy (actors, dates, quotes). --no-reading loads faster; "
            "`storyline analyze` reads later.",
        ),
    ] = True,
) -> None:
    """Read news inputs into the store and analyse them. Exit 1 if any input was rejected (the rest is stored)."""
    store = open_store(db, must_exist=False)
    progress = _LazyProgress(enabled=not quiet and not as_json and err.is_terminal)
    try:
        report = ingest(paths, store, jobs=jobs or None, max_bytes=max_bytes, listener=progress)
        progress.stop()
        bar = StageProgress(enabled=not quiet and not as_json and err.is_terminal)
        try:
            updated = stages.update(store, jobs=jobs or default_jobs(), read=reading, progress=bar)
        finally:
            bar.stop()
    finally:
        progress.stop()
        total = store.count()
        store.close()
    if as_json:
        out.print_json(data=report.as_dict() | {"db": str(db), "articles_in_store": total} | updated.as_dict())
    elif not quiet:
        rate = report.read / report.seconds if report.seconds else 0.0
        out.print(
            f"read {report.read:,} articles ({report.added:,} new, {report.duplicates:,} already stored), "
            f"{len(report.rejections):,} rejected, in {report.seconds:.2f}s ({rate:,.0f}/s); "
            f"{total:,} articles in {escape(str(db))}",
            highlight=False,
        )
        out.print(
            f"analysed {updated.analysed:,}; placed {updated.placed:,} in stories "
            f"({updated.new_stories:,} new stories, {updated.copies:,} copies found); "
            f"resolved the actors of {updated.resolved:,}",
            highlight=False,
        )
    raise typer.Exit(0 if report.ok else 1)


@app.command("articles")
def articles_command(
    db: DbOption = Path(DEFAULT_DB),
    limit: Annotated[int | None, typer.Option(help="At most this many.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List stored articles in arrival order."""
    with open_store(db) as store:
        rows = list(store.iter_articles(limit=limit))
        if as_json:
            records = [{k: v for k, v in article_record(a).items() if k not in ("text", "paragraphs")} for a in rows]
            out.print_json(data={"articles": records})
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
        out.print(f"{len(rows):,} of {store.count():,} articles", style="dim")


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
    with open_store(db) as store:
        article = store.get(ident)
        if article is None:
            err.print(f"error: no article with id {escape(ident)}")
            raise typer.Exit(1)
        if raw:
            data = store.raw(article.raw_sha256) if article.raw_sha256 else None
            sys.stdout.buffer.write(data or b"")
            return
        record = article_record(article, store)
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


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help='Words to find (SQLite FTS5 syntax: "exact phrase", OR, NOT, prefix*).')],
    db: DbOption = Path(DEFAULT_DB),
    limit: Annotated[int, typer.Option(help="At most this many hits.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over titles and bodies, best matches first."""
    with open_store(db) as store:
        hits = store.search(query, limit=limit)
        if as_json:
            out.print_json(
                data={
                    "query": query,
                    "hits": [
                        {
                            "id": a.id,
                            "title": a.title,
                            "outlet": a.outlet.name if a.outlet else None,
                            "published": a.published.value if a.published else None,
                            "snippet": snippet,
                        }
                        for a, snippet in hits
                    ],
                }
            )
            return
        for article, snippet in hits:
            out.print(f"[bold]{article.id[:12]}[/]  {escape(article_label(article))}", highlight=False)
            out.print(f"    {escape(snippet)}", highlight=False)
        if not hits:
            err.print("no matches")


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
    with open_store(db) as store:
        if output is None:
            write_json(store, sys.stdout)
            return
        partial = output.with_name(output.name + ".partial")
        with partial.open("w", encoding="utf-8") as handle:
            count = write_json(store, handle)
        partial.replace(output)  # a reader never sees half an export
        err.print(f"exported {count:,} articles to {escape(str(output))}")


@app.command("rejects")
def rejects_command(db: DbOption = Path(DEFAULT_DB), as_json: JsonOption = False) -> None:
    """Inputs that did not become articles, with the reason (their raw bytes are kept)."""
    with open_store(db) as store:
        rows = store.rejects()
        if as_json:
            out.print_json(data={"rejects": [r.__dict__ for r in rows]})
            return
        for r in rows:
            times = f" (x{r.times})" if r.times > 1 else ""
            out.print(f"{escape(r.source)}: {escape(r.reason)}{times}", highlight=False)
        if not rows:
            err.print("no rejected inputs")
