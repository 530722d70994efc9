"""Claims across outlets: the same claim in other words is one claim, with every source; the same
thing given different values is contested, with the values side by side.

Mentions with one key (corpus/claims/extract.py) are one claim when their values agree: equal,
or within a tenth of each other when either is approximate ("some 40" and "as many as 40"); a
count in one story and the same noun counted in another story are one claim only if their
sentences tell the same thing (shared words and actors), since "40 soldiers" of one battle and
"40 soldiers" of another are not. Values of one key that disagree are a contest when the
sentences giving them tell the same thing; a head of delegation is contested only by another
named within a week of it (delegations change heads between rounds).

Status: `corroborated` when two independent sources or more give the value (copies and one
outlet's articles count once: corpus/accounts.py), `single-source` when one does, `contested`
when another value is given for the same thing. `attributed_to` names whose word a claim rests
on when every sentence that gives it reports someone's word (an unnamed source, an interested
party), so a reader knows "Ukraine says" from "reports say".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from storyline.corpus.accounts import Group, Weights, group, independent, item_id, refs, representative
from storyline.corpus.claims.extract import UNOWNED, ClaimMention
from storyline.corpus.timeline import trim

SAME_THING = 0.15  # weighted overlap for two sentences to speak of the same thing
STATEMENT = 0.25  # for two report sentences to tell the same statement
LEADER_WINDOW = 7  # days
_FAR = date.max


@dataclass
class Claim:
    id: str
    story: int | None
    kind: str
    text: str
    subject: str
    value: dict[str, Any]
    status: str
    sources: list[dict[str, str | int]]
    independent: int
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    attributed_to: str | None = None
    outlets: list[str] = field(default_factory=list)


def claims(found: Sequence[ClaimMention], weights: Weights) -> list[Claim]:
    """Every claim the mentions tell, corroborated ones first."""
    by_key: dict[str, list[ClaimMention]] = {}
    for m in _owned(found):
        if m.kind != "statement":
            by_key.setdefault(m.key, []).append(m)
    out: list[Claim] = []
    for key, group_ in sorted(by_key.items()):
        out += _keyed(key, group_, weights)
    out += _statements([m for m in found if m.kind == "statement"])
    order = {"contested": 0, "corroborated": 1, "single-source": 2}
    return sorted(out, key=lambda c: (order[c.status], -c.independent, c.kind, c.id))


def _owned(found: Sequence[ClaimMention]) -> list[ClaimMention]:
    """Heads of a delegation whose party the sentence does not give, given the party the same person
    heads in other sentences, when that is one party."""
    parties: dict[str | float, set[tuple[str, str]]] = {}
    for m in found:
        if m.kind == "leader" and m.key != UNOWNED:
            parties.setdefault(m.value, set()).add((m.key, m.subject))
    out = []
    for m in found:
        known = parties.get(m.value, set()) if m.key == UNOWNED else set()
        if len(known) == 1:
            key, subject = next(iter(known))
            m = replace(m, key=key, subject=subject)
        out.append(m)
    return out


def _agree(a: ClaimMention, b: ClaimMention) -> bool:
    if isinstance(a.value, float) and isinstance(b.value, float):
        if a.value == b.value:
            return True
        tolerance = 0.1 if (a.approx or b.approx) else 0.0
        return abs(a.value - b.value) <= tolerance * max(abs(a.value), abs(b.value))
    return a.value == b.value


def _related(a: ClaimMention, b: ClaimMention, weights: Weights) -> bool:
    """Whether two mentions with one key speak of the same thing."""
    if a.kind in ("leader", "time"):
        return True  # the key says whose delegation, or which day's event
    if a.told.story is not None and a.told.story == b.told.story:
        return a.kind == "duration" or weights.similarity(a.told, b.told) >= SAME_THING / 2
    return weights.similarity(a.told, b.told) >= SAME_THING


def _keyed(key: str, mentions: list[ClaimMention], weights: Weights) -> list[Claim]:
    # value clusters: mentions that agree and speak of the same thing; found through their value's bucket
    clusters: list[list[ClaimMention]] = []
    by_value: dict[tuple[str, float | str], list[int]] = {}
    for m in sorted(mentions, key=lambda m: (m.told.copy, m.told.day or _FAR, m.told.article, m.told.start)):
        near = [i for b in _buckets(m.value) for i in by_value.get(b, ())]
        home = next(
            (
                i
                for i in sorted(set(near))
                if _agree(clusters[i][0], m) and any(_related(o, m, weights) for o in clusters[i][:8])
            ),
            None,
        )
        if home is None:
            clusters.append([m])
            by_value.setdefault(_buckets(m.value)[0], []).append(len(clusters) - 1)
        else:
            clusters[home].append(m)
    # rivals: clusters of another value told in one of the same stories (a contest is within a story's coverage)
    in_story: dict[int | None, set[int]] = {}
    for i, c in enumerate(clusters):
        for m in c:
            in_story.setdefault(m.told.story, set()).add(i)
    out: list[Claim] = []
    for i, c in enumerate(clusters):
        near = sorted({j for m in c for j in in_story.get(m.told.story, ()) if j != i})
        rivals = [clusters[j] for j in near if _rivals(c, clusters[j], weights)]
        out.append(_claim(c, rivals, weights))
    return out


def _buckets(value: float | str) -> list[tuple[str, float | str]]:
    """Where a value is filed (first) and looked for: a number within a tenth of it is in its bucket or
    the next one either side."""
    if isinstance(value, float):
        b = float(round(math.log10(abs(value) + 1e-9) * 20))
        return [("n", b), ("n", b - 1), ("n", b + 1)]
    return [("s", value)]


def _rivals(c: list[ClaimMention], o: list[ClaimMention], weights: Weights) -> bool:
    """Two value clusters of one key that give different values for the same thing."""
    if _agree(c[0], o[0]):
        return False
    if c[0].kind == "leader":
        return any(_near(a, b) and a.told.source != b.told.source for a in c for b in o)
    if c[0].kind == "duration":
        return False  # two durations in one story are more often two spans than one disputed
    return any(weights.similarity(a.told, b.told) >= 2 * SAME_THING for a in c[:4] for b in o[:4])


def _near(a: ClaimMention, b: ClaimMention) -> bool:
    """Told within `LEADER_WINDOW` days of each other (undated: not known to be)."""
    x, y = a.told.day, b.told.day
    return x is not None and y is not None and abs((x - y).days) <= LEADER_WINDOW


def _value(m: ClaimMention) -> dict[str, Any]:
    value: dict[str, Any] = {"value": m.value, "shown": m.shown}
    if m.unit:
        value["unit"] = m.unit
    if m.approx:
        value["approx"] = True
    return value


def _claim(c: list[ClaimMention], rivals: list[list[ClaimMention]], weights: Weights) -> Claim:
    told = [m.told for m in c]
    rep = representative(Group(told), weights)
    first = next(m for m in c if m.told is rep)
    stories = Counter(t.story for t in told if t.story is not None)
    conflicts = [
        {"value": _value(r[0]), "sources": refs(m.told for m in r), "independent": independent(m.told for m in r)}
        for r in rivals
    ]
    n = independent(told)
    status = "contested" if conflicts else "corroborated" if n >= 2 else "single-source"
    return Claim(
        id=item_id("c", 0, c[0].told, c[0].key),
        story=stories.most_common(1)[0][0] if stories else None,
        kind=first.kind,
        text=trim(rep.text),
        subject=first.subject,
        value=_value(first),
        status=status,
        sources=refs(told),
        independent=n,
        conflicts=conflicts,
        attributed_to=_attributed(c),
        outlets=sorted({t.outlet for t in told if t.outlet}),
    )


def _attributed(c: Sequence[ClaimMention]) -> str | None:
    """Whose word the claim rests on, when every telling of it is someone's word."""
    if any(m.attributed_to is None for m in c):
        return None
    return "; ".join(sorted({m.attributed_to for m in c if m.attributed_to}))


def _statements(found: Sequence[ClaimMention]) -> list[Claim]:
    """Report sentences told by independent outlets: kept only when two or more tell them. Matched
    within a story, weighted by that story's words: a statement is about the story's happenings."""
    by_story: dict[int | None, list[ClaimMention]] = {}
    for m in found:
        by_story.setdefault(m.told.story, []).append(m)
    out: list[Claim] = []
    for story, mentions in sorted(by_story.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)):
        if story is None or len({m.told.source for m in mentions}) < 2:
            continue
        weights = Weights(m.told for m in mentions)
        by_told = {id(m.told): m for m in mentions}
        ordered = sorted(mentions, key=lambda m: (m.told.copy, m.told.day or _FAR, m.told.article, m.told.start))
        for g in group([m.told for m in ordered], weights, STATEMENT):
            if independent(g.members) < 2:
                continue
            claim = _claim([by_told[id(t)] for t in g.members], [], weights)
            claim.subject = "statement"
            claim.value = {}
            out.append(claim)
    return out
