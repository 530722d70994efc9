"""The `storyline` command line: a face over the store, like the API and the web UI.

Human output by default, `--json` where a script would read it. Problems go to
standard error, one line each, naming the input and the reason; the exit status
is 0 only when every input was read. This module holds what every command shares;
each command is one module (cli/<command>.py): a thin wrapper that calls the service
layer (storyline/service/) and renders what it returns.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from storyline import __version__
from storyline.store.sqlite import Store, StoreError, describe

if TYPE_CHECKING:
    from rich.console import JustifyMethod
    from rich.progress import Progress
    from rich.table import Table

    from storyline.model import Article
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


@contextmanager
def open_store(db: Path, *, write: bool = False) -> Iterator[Store]:
    """The store for one command, closed at the end; any store problem is one line on
    standard error and exit status 2, never a traceback.

    A read command (the default) opens it read-only: a missing file is not created and a
    zero-byte or foreign one is not given a schema. Only `write=True` (ingest, analyze,
    recluster) creates or migrates a store; a write that fails (a read-only file, a full
    disk) was one transaction, rolled back, so the store is as it was."""
    if not write and not db.exists():
        fail(f"{db}: no store here; run `storyline ingest PATH --db {db}` first")
    try:
        store = Store(db, readonly=not write)
    except StoreError as exc:
        fail(str(exc))
    try:
        yield store
    except StoreError as exc:
        fail(str(exc))
    except sqlite3.Error as exc:
        fail(str(describe(str(db), exc)))
    finally:
        store.close()


def fail(message: str, status: int = 2) -> NoReturn:
    """Print one error line and leave with `status`."""
    err.print(f"error: {escape(message)}", highlight=False)
    raise typer.Exit(status)


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


def date_span(start: str | None, end: str | None, undated: str = "-") -> str:
    """A date span as a table cell: one day, or first..last."""
    return undated if start is None else start if start == end else f"{start}..{end}"


def update_summary(report: UpdateReport) -> str:
    """One line on what the stages after ingest did."""
    return (
        f"analysed {report.analysed:,}; placed {report.count('stories', 'placed'):,} in events and stories "
        f"({report.count('stories', 'new_events'):,} new events, "
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
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

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


@dataclass(frozen=True)
class Col:
    """A table column. A plain column is as wide as its widest cell and never narrower than
    its header; `cap` ellipsizes its cells past that many characters (an outlet's name);
    the one `flex` column takes what is left of the terminal, its cells ellipsized on one
    line or, with `fold`, wrapped inside it. Rich, left to itself, shrinks every column
    alike on a narrow terminal, headers included ("artic…")."""

    header: str
    justify: JustifyMethod = "left"
    cap: int | None = None
    flex: bool = False
    fold: bool = False


def fitted_table(columns: Sequence[Col], rows: Iterable[Sequence[str]], width: int | None = None) -> Table:
    """A borderless table of `rows` (cells already escaped) that fits `width` (the terminal's)."""
    from rich.table import Table
    from rich.text import Text

    rows = [list(r) for r in rows]
    width = out.width if width is None else width
    widths = []
    for i, col in enumerate(columns):
        wide = max([len(col.header)] + [Text.from_markup(r[i]).cell_len for r in rows])
        widths.append(wide if col.cap is None else max(len(col.header), min(wide, col.cap)))
    padding = 2 * len(columns)
    table = Table(box=None, header_style="bold")
    for col, wide in zip(columns, widths, strict=True):
        if col.flex:
            rest = width - padding - sum(w for c, w in zip(columns, widths, strict=True) if not c.flex)
            wide = max(len(col.header), min(wide, rest))
        folded = col.flex and col.fold
        table.add_column(
            col.header,
            justify=col.justify,
            width=wide,
            no_wrap=not folded,
            overflow="fold" if folded else "ellipsis",
        )
    for r in rows:
        table.add_row(*r)
    return table


def lookup_article(store: Store, ident: str) -> Article:
    """The article `ident` names, or exit 1 with why not: a missing id, or a prefix that is
    ambiguous or too short, followed by the ids that start with it."""
    from storyline.service import articles

    found = articles.find(store, ident)
    if found.article is not None:
        return found.article
    shown = escape(ident)
    if found.reason == "missing":
        fail(f"no article with id {ident}", 1)
    if found.reason == "short":
        problem = f"id prefix {shown!r} is too short (at least {articles.MIN_PREFIX} characters)"
    else:
        problem = f"id prefix {shown!r} is ambiguous"
    if found.matches:
        many = found.matches > 1
        problem += f"; {found.matches:,} {'articles start' if many else 'article starts'} with it:"
    err.print(f"error: {problem}", highlight=False)
    for candidate in found.candidates:
        err.print(f"  {candidate.id}  {escape(article_label(candidate, 60))}", highlight=False)
    if found.matches > len(found.candidates):
        err.print(f"  ... and {found.matches - len(found.candidates):,} more", highlight=False)
    raise typer.Exit(1)
