"""Who published an article, from the evidence a reader finds, strongest first.

The same wire story reaches readers under many mastheads, so the evidence is
ranked: the text's own statement of origin (a byline naming an outlet, a reprint
or copyright credit) beats the site it was found on, which beats an interview
credit ("told AFP") or a photo credit. Every outlet keeps the origin of its
evidence so a user can judge it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from storyline import data
from storyline.model import Outlet


@dataclass(frozen=True)
class KnownOutlet:
    name: str
    kind: str  # agency | outlet | photo
    domains: tuple[str, ...]
    aliases: tuple[str, ...]
    country: str | None = None  # ISO 3166 alpha-3 of the outlet's home
    ownership: str | None = None  # state | state-funded | public | private: a claim carried only by one side's media


@cache
def known_outlets() -> tuple[KnownOutlet, ...]:
    rows = []
    for name, kind, domains, aliases, *facts in data.rows("ingest", "outlets.tsv"):
        country, ownership = [*facts, None, None][:2]
        rows.append(KnownOutlet(name, kind, tuple(domains.split(",")), tuple(aliases.split(",")), country, ownership))
    return tuple(rows)


@cache
def _by_alias() -> dict[str, KnownOutlet]:
    table: dict[str, KnownOutlet] = {}
    for outlet in known_outlets():
        for alias in (outlet.name, *outlet.aliases):
            table.setdefault(alias.casefold(), outlet)
    return table


@cache
def _alias_pattern() -> str:
    aliases = sorted({a for o in known_outlets() for a in (o.name, *o.aliases)}, key=len, reverse=True)
    return "|".join(re.escape(a) for a in aliases)


def canonical(name: str) -> str:
    """The table's name for a printed alias ("Associated Press" -> "AP"), else the name as given."""
    found = _by_alias().get(name.strip().casefold())
    return found.name if found else name.strip()


def is_known(name: str) -> bool:
    return name.strip().casefold() in _by_alias()


def site(url: str | None) -> str | None:
    """The host of a URL without `www.`; None for a URL without one."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def from_url(url: str | None) -> tuple[Outlet | None, bool]:
    """(outlet, known): the outlet of a URL's site; `known` says whether the site is in the table."""
    host = site(url)
    if host is None:
        return None, False
    for outlet in known_outlets():
        if any(host == d or host.endswith("." + d) for d in outlet.domains):
            return Outlet(outlet.name, "url"), True
    return Outlet(host, "url"), False


@cache
def _credit_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """The credit patterns run over a whole body, which can be one line of megabytes. Runs of
    white space are possessive (`\\s++`, `\\s*+`): what follows them never starts with a space,
    so giving spaces back cannot help a match, and each given-back space would retry the alias
    alternation, hundreds of names long."""
    alias = _alias_pattern()
    return [
        (
            "credit: reprint",
            re.compile(
                rf"\b(?i:reprinted|republished|reproduced)\s++(?i:with\s++(?:the\s++)?permission\s++of)\s++(?:the\s++)?({alias})\b"
            ),
        ),
        (
            "credit: copyright",
            re.compile(rf"(?:copyright|©|\(c\))\s*+(?:\(c\)\s*+)?(?:\d{{4}}[.,]?\s*+)?(?:the\s++)?({alias})\b", re.I),
        ),
        ("credit: dateline", re.compile(rf"^[A-Z][A-Za-z .,'-]{{1,60}}+\s*+\(({alias})\)\s*+[-–—:]", re.M)),
        ("credit: interview", re.compile(rf"\btold\s++(?:the\s++)?({alias})\b")),
        ("credit: photo", re.compile(rf"/\s*+({alias})\s*+(?:\)\s*+)?(?:\.\s*+)?$", re.M)),
    ]


def credits(text: str) -> list[Outlet]:
    """Every outlet the text credits, strongest kind of credit first."""
    found: list[Outlet] = []
    for origin, pattern in _credit_patterns():
        for match in pattern.finditer(text):
            outlet = _by_alias().get(match.group(1).casefold())
            if outlet is None or outlet.kind == "photo":
                continue  # a photo agency does not publish the text
            found.append(Outlet(outlet.name, origin))
    return found


# Ranks of evidence: lower wins. Origins not listed rank last.
_RANK = {
    "metadata: record": 0,
    "byline": 1,
    "credit: reprint": 2,
    "credit: copyright": 2,
    "credit: dateline": 3,
    "url": 4,
    "metadata: site": 5,
    "credit: interview": 6,
    "credit: photo": 7,
    "url: unknown site": 8,
}


def resolve(candidates: list[Outlet]) -> Outlet | None:
    """The best-supported outlet, with names canonicalized through the table."""
    if not candidates:
        return None
    best = min(candidates, key=lambda o: _RANK.get(o.origin, 99))
    return Outlet(canonical(best.name), best.origin)


def candidates_for(url: str | None, text: str, given: Outlet | None) -> list[Outlet]:
    """All the outlet evidence for one article: the reader's, the URL's and the text's credits."""
    found: list[Outlet] = [given] if given else []
    outlet, known = from_url(url)
    if outlet is not None:
        found.append(outlet if known else Outlet(outlet.name, "url: unknown site"))
    found.extend(credits(text))
    return found


def known(name: str) -> KnownOutlet | None:
    """The table's entry for a name or any of its aliases, if it is a known outlet."""
    return _by_alias().get(name.strip().casefold())


# Where an outlet's name came from the page itself or its publisher (not from a credit in the text).
_PUBLISHER_ORIGINS = ("metadata:", "url")
# Credits that do not say who published the text: an interview ("told the BBC") or a photo credit.
_WEAK_ORIGINS = ("credit: interview", "credit: photo")


def template_key(outlet: Outlet | None, url: str | None) -> str | None:
    """Whose page template an article wears, folded: its outlet, else its URL's site.

    Boilerplate (a promo, a background paragraph, a title suffix) is added by the site that
    prints the page, so a credit in the text ("Copyright The Associated Press") names who
    wrote the story, not whose template surrounds it: for an outlet found that way the
    URL's site is the key when there is one. An interview or photo credit names no
    publisher at all ("told the BBC" is printed by any outlet), so it is never a key. None
    without either: no templates then."""
    host = site(url)
    if outlet is not None and outlet.origin.startswith(_PUBLISHER_ORIGINS):
        return outlet.name.casefold()
    if host is not None:
        return host.casefold()
    if outlet is not None and outlet.origin not in _WEAK_ORIGINS:
        return outlet.name.casefold()
    return None
