"""The claims stage: check-worthy statements matched across the store's articles.

A claim gathers its tellings from the whole store (the head of a delegation is told by the
reports of both rounds), so the claims are rebuilt together whenever an article changed (its
dating, copies, reading, actors or story): the result is the same however the articles arrived.
Extraction is rules over the stored reading (corpus/claims/extract.py), one article at a time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from storyline.corpus.accounts import Told, Weights, told_of
from storyline.corpus.claims.extract import ClaimMention, mentions
from storyline.corpus.claims.match import Claim, claims
from storyline.stage import Context, Counts, Stage
from storyline.store.claims import StoredClaim
from storyline.store.sqlite import Store


def _digest(store: Store) -> str:
    h = hashlib.sha1()
    for aid, state in sorted(store.accounts.states().items()):
        h.update(f"{aid}|{state}\n".encode())
    return h.hexdigest()[:16]


def pending(store: Store, redo: bool) -> list[str]:
    digest = _digest(store)
    return [digest] if redo or store.claims.digest() != digest else []


def run(context: Context, work: Sequence[str]) -> Counts:
    store = context.store
    found = build(store)
    with store.transaction():
        store.claims.replace([stored(c) for c in found], work[0])
    return {"claims": len(found), "corroborated": sum(c.status == "corroborated" for c in found)}


def build(store: Store) -> list[Claim]:
    """Every claim of the store: each read article's sentences and their claims, then matched."""
    told: list[Told] = []
    found: list[ClaimMention] = []
    ids = store.reading.ids()
    articles = list(store.accounts.load(ids))
    names = store.accounts.entity_names({e for a in articles for ents in a.entities.values() for e in ents})
    told = told_of(articles)
    by_article: dict[str, list[Told]] = {}
    for t in told:
        by_article.setdefault(t.article, []).append(t)
    for a in articles:
        found += mentions(a, by_article.get(a.id, []), names)
    return claims(found, Weights(told))


def stored(c: Claim) -> StoredClaim:
    return StoredClaim(
        c.id, c.story, c.kind, c.text, c.subject, c.value, c.status, c.independent, c.sources, c.conflicts,
        c.attributed_to, c.outlets,
    )  # fmt: skip


def forget(store: Store, ids: Sequence[str]) -> None:
    store.claims.forget(ids)


STAGE = Stage(
    name="claims",
    after=("anchors",),
    owns=("claims", "claim_digests"),
    pending=pending,
    run=run,
    forget=forget,
    summary="check-worthy statements matched across outlets: corroborated, single-source or contested",
)
