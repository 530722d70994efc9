"""Bytes to text, or a clear reason why the bytes are not text.

News arrives mis-labelled all the time: Windows-1252 pages served as UTF-8,
Latin-1 exports, UTF-16 with a BOM. Strict UTF-8 first (the common case and the
only one that is self-validating), then charset detection, with cp1252 as the
prior for Western text because it is a superset of Latin-1's printable range.
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from storyline.ingest.item import ReadError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WESTERN = {"cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "mac_roman", "cp850", "ascii"}
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}


class NotText(ReadError):
    """The input is empty, binary, or cannot be decoded: the message is the reason."""


def looks_binary(head: bytes) -> bool:
    """NUL bytes do not occur in text in any byte-oriented encoding (UTF-16 has a BOM)."""
    return b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Raise NotText with a one-line reason otherwise."""
    if not data.strip():
        raise NotText("empty input")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise NotText(f"invalid {encoding} after its byte-order mark: {exc.reason}") from exc
    if looks_binary(data[:65536]):
        raise NotText("binary content (NUL bytes), not text")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _guess(data)
    if _control_ratio(text) > 0.02:
        raise NotText("binary content (control characters), not text")
    return text, encoding


def _guess(data: bytes) -> tuple[str, str]:
    best = from_bytes(data[:262144]).best()
    guess = best.encoding if best is not None else None
    if guess is None or guess in _WESTERN:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return data.decode("latin-1"), "latin-1"
    try:
        return data.decode(guess), guess
    except (UnicodeDecodeError, LookupError):
        return data.decode("cp1252", errors="replace"), "cp1252"


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc")
    return bad / len(sample)
