"""The `storyline` command line (cli/app.py); importing the command modules registers them."""

from storyline.cli import articles, corpus, reading
from storyline.cli.app import app

__all__ = ["app", "articles", "corpus", "main", "reading"]


def main() -> None:
    app()
