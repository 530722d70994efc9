"""`storyline brief`: a short cited account of each story (or one)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from storyline.cli.app import DbOption, JsonOption, app, fail, open_store, out
from storyline.store.sqlite import DEFAULT_DB


@app.command("brief")
def brief_command(
    db: DbOption = Path(DEFAULT_DB),
    story: Annotated[int | None, typer.Option("--story", help="Only this story (default: every story).")] = None,
    words: Annotated[int, typer.Option("--words", min=20, max=5000, help="About how many words of account.")] = 200,
    fmt: Annotated[str, typer.Option("--format", help="text, md or html.")] = "text",
    as_json: JsonOption = False,
) -> None:
    """The brief of each story: sentences from its articles in time order, each with its sources."""
    from storyline.report.render import RENDERERS
    from storyline.service import brief, stories

    if fmt not in RENDERERS:
        fail(f"--format {fmt}: not one of {', '.join(RENDERERS)}")
    with open_store(db) as store:
        ids = [story] if story is not None else [s.id for s in stories.stories(store)]
        found = [b for i in ids if (b := brief.brief(store, i, words_limit=words)) is not None]
    if story is not None and not found:
        fail(f"no story {story}")
    if as_json:
        out.print_json(data={"briefs": [b.as_dict() for b in found]})
        return
    render = RENDERERS[fmt]
    for n, b in enumerate(found):
        # printed as is: text and markup are the renderers' (rich markup off)
        out.print(("\n" if n else "") + render(b), markup=False, highlight=False, end="")
