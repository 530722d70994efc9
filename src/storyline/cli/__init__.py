"""The `storyline` command line (cli/app.py); importing the command modules registers them."""

import signal
from types import FrameType

from rich.markup import escape

from storyline.cli import (
    analyze,
    articles,
    attitudes,
    brief,
    claims,
    dates,
    entities,
    entity,
    export,
    ingest,
    quotes,
    recluster,
    rejects,
    search,
    show,
    stages,
    stories,
    story,
    timeline,
)
from storyline.cli.app import app, err
from storyline.store.sqlite import StoreError

__all__ = [
    "analyze",
    "app",
    "articles",
    "attitudes",
    "brief",
    "claims",
    "dates",
    "entities",
    "entity",
    "export",
    "ingest",
    "main",
    "quotes",
    "recluster",
    "rejects",
    "search",
    "show",
    "stages",
    "stories",
    "story",
    "timeline",
]


def main() -> None:
    """Run the command line; SIGTERM (`kill`, `timeout`, a service manager) stops it the way Ctrl-C does.

    Python dies of SIGTERM on the spot: no `finally` runs, so worker processes are
    not told to stop and transactions end by the kernel closing the file. Raised as
    KeyboardInterrupt instead, it unwinds through the same cleanup as Ctrl-C (rolled
    back transaction, pool shut down, store closed); the exit status is then the
    shell's for a death by SIGTERM, 143 (Ctrl-C gives 130). A second SIGTERM during
    that cleanup ends the process at once. A store that cannot be used once a command
    runs (another writer kept it past the wait, `STORYLINE_LOCK_TIMEOUT`) is one line
    on standard error and exit 2, as when it cannot be opened."""
    received: list[int] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        signal.signal(signum, signal.SIG_DFL)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        app()
    except StoreError as exc:
        if received:
            raise SystemExit(128 + received[0]) from None
        err.print(f"error: {escape(str(exc))}", highlight=False)
        raise SystemExit(2) from None
    except BaseException:  # app() ends in SystemExit; after a SIGTERM its status is the signal's
        if received:
            raise SystemExit(128 + received[0]) from None
        raise
