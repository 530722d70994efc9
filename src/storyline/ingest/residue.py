"""Lines of a news text that are not the article: the residue of the page it came from.

Each rule names a kind of residue that appears across sites (share-button labels,
banner images, copyright and newsletter lines, photo captions) rather than any
one site's strings. The rules are deliberately narrow: a line they do not
recognise stays in the article, because a lost sentence is worse than a stray
"|".
"""

from __future__ import annotations

import re

from storyline.ingest import outlets

# Each pattern runs on every line of a text, and a line can be megabytes long, so each is
# linear in the line's length: no two neighbouring quantifiers match the same characters,
# and where a rule only concerns short lines, the length is checked before the pattern runs.
_IMAGE = re.compile(r"^\s*(?:!\[.*\]\(.*\)|<img\b[^>]*>)\s*$", re.I)  # only on lines that end in ) or >
_LINK_ONLY = re.compile(r"^\s*\[[^\]]*\]\([^)]*\)\s*$")
_BARE_URL = re.compile(r"^\s*(https?://\S+|www\.\S+)\s*$", re.I)
_SOURCE = re.compile(
    r"^(?:source|originally published(?: at| on| by)?|original article|read the original)\s*:\s*(\S.*)$", re.I
)  # on a stripped line
_SHARE_WORDS = {
    "facebook",
    "twitter",
    "x",
    "whatsapp",
    "linkedin",
    "email",
    "e-mail",
    "mail",
    "print",
    "share",
    "tweet",
    "pinterest",
    "reddit",
    "telegram",
    "messenger",
    "copy",
    "link",
    "comments",
    "comment",
    "sms",
    "flipboard",
    "tumblr",
    "vk",
    "viber",
    "bluesky",
    "threads",
    "save",
    "gift",
}
_COPYRIGHT = re.compile(r"^\s*(?:copyright\b|©|\(c\)\s*\d{4})|\ball rights reserved\b", re.I)
_PROMO = re.compile(
    r"\b(?:newsletters?|mailing list|subscribe|sign[ -]up|follow us|advertisement|sponsored|"
    r"read more|read also|related (?:articles?|stories|coverage)|click here|download (?:our|the) app|"
    r"share this|most read|recommended for you|trending now|cookie)\b",
    re.I,
)
_CAPTION_LABEL = re.compile(
    r"\b(?:file\s+)?(?:picture|photo|photograph|image|pic|photo credit|credit)s?\s*:\s*\S"
    r"|\((?:photo|picture|image)\b[^()]*\)\s*$"
    r"|\b(?:photograph|photo|picture)\s+(?:by|courtesy of)\s",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_CAPTION_MAX = 600  # a caption of 50 words
# A credit at the end of a caption: "Name/AP", "(Photo: Name/Reuters)."
_END_CREDIT = re.compile(r"/\s*([A-Z][\w .&-]{0,30}?)\s*(?:\)\s*)?(?:\.\s*)?$")


def words(line: str) -> int:
    return len(line.split())


def is_share_residue(line: str) -> bool:
    tokens = [t.strip("|·•,;").casefold() for t in line.split()]
    tokens = [t for t in tokens if t]
    if not tokens:
        return False
    if all(t.startswith(("icon-", "fa-", "share-", "ico-")) for t in tokens):
        return True
    return all(t.removeprefix("icon-").removeprefix("share-") in _SHARE_WORDS for t in tokens) and len(tokens) >= 2


def photo_credit(line: str) -> bool:
    """A caption ends in a photographer/agency credit ("Name/AP") or carries a picture label."""
    if len(line) > _CAPTION_MAX or words(line) > 50:
        return False
    if _CAPTION_LABEL.search(line) and words(line) <= 30:  # longer: a sentence that mentions a photo
        return True
    match = _END_CREDIT.search(line)
    return bool(match and outlets.is_known(match.group(1)) and not line.lstrip().startswith(("http", "/")))


def source_line(line: str) -> str | None:
    """The value of a `Source: ...` line (a URL or an outlet name)."""
    match = _SOURCE.match(line.strip())
    return match.group(1) if match else None


def join_url(value: str) -> str | None:
    """A URL as printed, mended when a line wrap or a copy put spaces inside it."""
    value = value.strip().strip("<>()[]")
    if not re.match(r"(?:https?://|www\.)", value, re.I):
        return None
    return re.sub(r"\s+", "", value)


def classify(line: str) -> str | None:
    """The kind of residue a line is, or None when it may be article text."""
    stripped = line.strip()
    if not stripped:
        return None
    if not any(ch.isalnum() for ch in stripped):
        return "punctuation"
    if (stripped.endswith((")", ">")) and _IMAGE.match(stripped)) or _LINK_ONLY.match(stripped):
        return "image"
    if _BARE_URL.match(stripped):
        return "url"
    if words(stripped) <= 25 and source_line(stripped) is not None:
        return "source"
    if is_share_residue(stripped):
        return "share"
    if _COPYRIGHT.search(stripped) and words(stripped) <= 60:
        return "copyright"
    if (
        words(stripped) <= 12
        and _PROMO.search(stripped)
        and (not _SENTENCE_END.search(stripped) or "|" in stripped or stripped.isupper())
    ):
        return "promo"
    if photo_credit(stripped):
        return "caption"
    return None


def ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line.strip()))
