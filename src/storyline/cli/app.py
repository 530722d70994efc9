"""The `storyline` command line: a face over the store, like the API and the web UI.

Human output by default, `--json` where a script would read it. Problems go to
standard error, one line each, naming the input and the reason; the exit status
is 0 only when every input was read. This module holds what every command shares;
each command is one module (cli/<command>.py): a thin wrapper that calls the service
layer (storyline/service/) and renders what it returns.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from storyline import __version__
from storyline.model import Article
from storyline.store.sqlite import Store, StoreError

if TYPE_CHECKING:
    from storyline.registry import UpdateReport

app = typer.Typer(
    help="Storyline: turn a pile of news articles into stories, actors, timelines and briefs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[Path, typer.Option("--db", envvar="STORYLINE_DB", help="The store file (SQLite).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def open_store(db: Path, *, must_exist: bool = True) -> Store:
    if must_exist and not db.exists():
        err.print(f"error: {escape(str(db))}: no store here; run `storyline ingest PATH --db {escape(str(db))}` first")
        raise typer.Exit(2)
    try:
        return Store(db)
    except StoreError as exc:
        err.print(f"error: {escape(str(exc))}")
        raise typer.Exit(2) from exc


def _version(value: bool) -> None:
    if value:
        out.print(f"storyline {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Storyline's command line."""


def article_label(article: Article, width: int = 70) -> str:
    text = article.title or article.body.split("\n", 1)[0]
    return text if len(text) <= width else text[: width - 1] + "…"


def update_summary(report: UpdateReport) -> str:
    """One line on what the stages after ingest did."""
    return (
        f"analysed {report.analysed:,}; placed {report.count('stories', 'placed'):,} in stories "
        f"({report.count('stories', 'new_stories'):,} new stories, "
        f"{report.count('stories', 'copies'):,} copies found); "
        f"resolved the actors of {report.count('entities', 'resolved'):,}"
    )


class StageProgress:
    """A bar for the stages after ingest (the spaCy reading is the slow one: ~20 articles/s),
    shown on a terminal once a step has run for a second, gone when it ends."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started: dict[str, float] = {}
        self.progress: Progress | None = None
        self.tasks: dict[str, Any] = {}

    def __call__(self, step: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        started = self.started.setdefault(step, time.perf_counter())
        if self.progress is None:
            if time.perf_counter() - started < 1.0:
                return
            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=err,
                transient=True,
            )
            self.progress.start()
        if step not in self.tasks:
            self.tasks[step] = self.progress.add_task(step, total=total)
        self.progress.update(self.tasks[step], completed=done)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
