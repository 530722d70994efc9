"""The `storyline` command line (cli/app.py); importing the command modules registers them."""

from storyline.cli import (
    analyze,
    articles,
    attitudes,
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
)
from storyline.cli.app import app

__all__ = [
    "analyze",
    "app",
    "articles",
    "attitudes",
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
]


def main() -> None:
    app()
