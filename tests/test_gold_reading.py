"""The sample's actors, roles, dates and quotes against gold.yaml, through the whole pipeline.

Everything here comes out of `storyline ingest` as the export shows it; the rules that
produce it are tested on other texts in test_actors.py, test_entities.py, test_timex.py
and test_quotes.py. Where the pipeline cannot know what the gold file knows (two of the
files print no publication date, so their "on Thursday" has no anchor), the test says so
rather than feeding the answer in.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from storyline.corpus.namekey import name_key
from tests.helpers import SAMPLE

GOLD: dict[str, Any] = yaml.safe_load((SAMPLE / "gold.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from storyline import registry
    from storyline.ingest.pipeline import ingest
    from storyline.service.export import write_json
    from storyline.store.sqlite import Store

    path = tmp_path_factory.mktemp("gold-reading") / "export.json"
    with Store(path.with_suffix(".db")) as store:
        ingest([str(SAMPLE)], store, jobs=1)
        registry.update(store, jobs=1)
        with path.open("w", encoding="utf-8") as out:
            write_json(store, out)
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    data["by_file"] = {Path(a["source"]).name[:3]: a for a in data["articles"]}
    return data


def test_every_gold_alias_group_is_one_entity_and_groups_stay_apart(export: dict[str, Any]) -> None:
    owner: dict[int, str] = {}
    problems = []
    for canonical, aliases in GOLD["entities"].items():
        ids: set[int] = set()
        for surface in aliases:
            exact = {e["id"] for e in export["entities"] if surface in e["aliases"]}
            found = exact or _titled(export, surface)
            printed = any(
                re.search(rf"\b{re.escape(surface)}\b", _without_longer(a["text"], surface, aliases))
                for a in export["articles"]
            )
            if printed and not found:
                problems.append(f"{canonical}: {surface!r} is printed but is no entity's alias")
            ids |= found
        if len(ids) != 1:
            problems.append(f"{canonical}: {len(ids)} entities for {aliases}")
        for entity_id in ids:
            if owner.setdefault(entity_id, canonical) != canonical:
                problems.append(f"{canonical} merged with {owner[entity_id]}")
    assert problems == []


def _without_longer(text: str, surface: str, aliases: list[str]) -> str:
    """The text with the group's longer names that contain `surface` blanked out: "Erdogan"
    inside "Recep Tayyip Erdogan" is not printed on its own."""
    for longer in sorted((a for a in aliases if surface in a and a != surface), key=len, reverse=True):
        text = text.replace(longer, " ")
    return text


def _titled(export: dict[str, Any], surface: str) -> set[int]:
    """A surface printed with its title: the entity whose alias is the surface minus a
    leading title word or words (only those, not any suffix of the surface)."""
    words = surface.split()
    for cut in range(1, len(words)):
        rest = " ".join(words[cut:])
        ids = {e["id"] for e in export["entities"] if rest in e["aliases"]}
        if ids:
            return ids
    return set()


def test_gold_roles_are_found(export: dict[str, Any]) -> None:
    by_key = {name_key(e["name"]): e for e in export["entities"]}
    missing = []
    for canonical, roles in GOLD["roles"].items():
        entity = by_key.get(name_key(canonical))
        found = [r["role"].lower() for r in entity["roles"]] if entity else []
        for role in roles:
            # at least half the role's content words, in one role found for the entity
            words = {w for w in role.lower().replace("'s", "").split() if len(w) > 3}
            if not any(2 * len(words & set(f.replace("'s", "").split())) >= len(words) for f in found):
                missing.append(f"{canonical}: {role} (found {found})")
    assert len(missing) <= len([r for rs in GOLD["roles"].values() for r in rs]) // 4, missing


def test_relative_dates_resolve_against_the_publication_date(export: dict[str, Any]) -> None:
    """Each gold expression resolves as given: against the printed date, or, in a file that
    prints none, against the day the corpus gives it (its weekdays and the other reports)."""
    for prefix, expected in GOLD["relative_dates"].items():
        article = export["by_file"][prefix]
        if article["published"] is None:
            anchor = article["date_anchor"]
            assert anchor is not None, prefix
            assert anchor["day"] == str(_gold_article(prefix)["published"]), (prefix, anchor)
        dates = [d for d in export["dates"] if d["article"] == article["id"]]
        for text, value in expected.items():
            # TimeML leaves the preposition out ("on Sunday" is found as "Sunday")
            hits = [d for d in dates if d["text"].lower() in text.lower() or text.lower() in d["text"].lower()]
            assert hits, f"{prefix}: {text!r} not found"
            gold = str(value)
            assert any(_same_value(h["value"], gold) for h in hits), (prefix, text, hits)


def _gold_article(prefix: str) -> dict[str, Any]:
    return next(v for k, v in GOLD["articles"].items() if k.startswith(prefix))


def _same_value(found: str, gold: str) -> bool:
    if "/" in gold:  # a weekend given as its two days: the TIMEX3 weekend of that week
        from datetime import date

        first = date.fromisoformat(gold.split("/")[0])
        return found == f"{first.isocalendar().year}-W{first.isocalendar().week:02d}-WE"
    return found == gold or found.startswith(gold + "T")


def _plain(text: str) -> str:
    """Typographic apostrophes and quote marks as the gold file types them."""
    return text.translate(str.maketrans("‘’“”", "''\"\""))


def test_gold_quotes_are_found_with_their_speakers(export: dict[str, Any]) -> None:
    names = {e["id"]: e["name"] for e in export["entities"]}
    missing = []
    for quote in GOLD["quotes"]:
        article = export["by_file"][quote["file"]]
        gold_text = _plain(quote["text"].strip(" ,."))
        found = [q for q in export["quotes"] if q["article"] == article["id"] and gold_text in _plain(q["text"])]
        speaker = quote["speaker"]
        ok = False
        for q in found:
            if speaker.startswith("unnamed"):
                ok = ok or (q["speaker"] or "").startswith("unnamed")
            else:
                entity_name = names.get(q["speaker_entity"], "")
                ok = ok or name_key(entity_name) == name_key(speaker)
        if not ok:
            missing.append(
                f"{quote['file']} {speaker}: {gold_text[:50]} -> {[(q['speaker'], q['speaker_entity']) for q in found]}"
            )
    assert missing == []
