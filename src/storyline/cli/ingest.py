"""`storyline ingest`: read inputs into the store, then run every stage over what is new."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from storyline.cli.app import DbOption, JsonOption, StageProgress, app, err, open_store, out, update_summary
from storyline.model import Article, Notice, Rejection
from storyline.store.sqlite import DEFAULT_DB

if TYPE_CHECKING:
    from rich.progress import Progress

    from storyline.ingest.pipeline import IngestReport

# The readers' limit (ingest.sources.DEFAULT_MAX_BYTES, which a test pins this to), written
# out here because importing the readers costs half a second that `--help` should not pay.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


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
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

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

    def stop(self, *_: object) -> None:
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
    from storyline.service.pipeline import ingest_and_update

    shown = not quiet and not as_json and err.is_terminal
    progress = _LazyProgress(enabled=shown)
    bar = StageProgress(enabled=shown)
    with open_store(db, write=True) as store:
        try:
            result = ingest_and_update(
                paths,
                store,
                jobs=jobs or None,
                max_bytes=max_bytes,
                read=reading,
                listener=progress,
                progress=bar,
                ingested=progress.stop,
            )
        finally:
            progress.stop()
            bar.stop()
    report = result.ingest
    if as_json:
        data = report.as_dict() | {"db": str(db), "articles_in_store": result.articles_in_store}
        out.print_json(data=data | {"stages": result.update.as_dict()})
    elif not quiet:
        rate = report.read / report.seconds if report.seconds else 0.0
        out.print(
            f"read {report.read:,} articles ({report.added:,} new, {report.duplicates:,} already stored), "
            f"{len(report.rejections):,} rejected, in {report.seconds:.2f}s ({rate:,.0f}/s); "
            f"{result.articles_in_store:,} articles in {escape(str(db))}",
            highlight=False,
        )
        out.print(update_summary(result.update), highlight=False)
    raise typer.Exit(0 if report.ok else 1)
