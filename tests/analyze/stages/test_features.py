"""The features stage through the pipeline: an outlet's boilerplate links nothing and gathers no story."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline import registry
from storyline.ingest.pipeline import ingest
from storyline.service import articles
from storyline.store.sqlite import Store

BACKGROUND = (
    "The Coastal Herald was founded in Porthaven in 1952 by Margaret Hale and Thomas Reed, and today keeps "
    "correspondents in 12 capitals, from Washington and London to Nairobi and Buenos Aires. Its reporters have "
    "won the Hale Prize 4 times since 1998, and its newsroom of 340 journalists publishes about 200 stories a day."
)
FLOOD = "Flood waters rose in the Po valley on Tuesday and rescuers moved 400 families from villages near Cremona."
MARKET = "Copper prices fell to a three-month low in London on Friday as traders weighed weaker Chinese demand."


def _ingest(store: Store, path: Path, records: list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    ingest([str(path)], store, jobs=1)
    registry.update(store, jobs=1, read=False)


def _record(n: int, title: str, *paragraphs: str) -> dict[str, str]:
    return {"title": title, "text": "\n\n".join(paragraphs), "url": f"https://coastalherald.example/{n}"}


@pytest.mark.parametrize("one_ingest", [True, False], ids=["together", "one-after-the-other"])
def test_two_unrelated_articles_sharing_only_boilerplate_are_neither_copies_nor_one_story(
    tmp_path: Path, one_ingest: bool
) -> None:
    flood = _record(1, "Po valley floods | World | coastalherald.example", FLOOD, BACKGROUND)
    market = _record(2, "Copper slides - Business - Coastal Herald", MARKET, BACKGROUND)
    with Store(tmp_path / "s.db") as store:
        if one_ingest:
            _ingest(store, tmp_path / "in.jsonl", [flood, market])
        else:
            _ingest(store, tmp_path / "a.jsonl", [flood])
            _ingest(store, tmp_path / "b.jsonl", [market])
        views = [articles.view(store, a) for a in store.articles.iter_articles()]
        assert [v.article.title for v in views] == ["Po valley floods", "Copper slides"]
        assert [v.copy_of for v in views] == [None, None]
        assert views[0].story != views[1].story
        assert views[0].event != views[1].event
