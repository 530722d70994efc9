"""Bytes to text, or a clear reason why the bytes are not text.

News arrives mis-labelled all the time: Windows-1252 pages served as UTF-8,
Latin-1 exports, UTF-16 with a BOM. Strict UTF-8 first (the common case and the
only one that is self-validating), then charset detection, with cp1252 as the
prior for Western text because it is a superset of Latin-1's printable range.
"""

from __future__ import annotations

import codecs
import re

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
# Unicode category Cc, less the white-space controls text legitimately holds.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_UNLIKELY = re.compile(r"cp(?:0\d\d|[1-8]\d\d|1[01]\d\d)|mac_\w+|hp_roman8")


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
        text, encoding = _mostly_utf8(data) or _guess(data)
    if _control_ratio(text) > 0.02:
        raise NotText("binary content (control characters), not text")
    return text, encoding


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few damaged bytes (a cut character, a stray byte of another
    encoding) stays UTF-8: decoding all of it as a code page would garble every
    valid character to save the few damaged ones. A text in a code page has almost
    no valid UTF-8 multi-byte sequences, so the valid ones must outnumber the damage."""
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for ch in text if ord(ch) > 0x7F) - text.count("\ufffd")
    if valid <= damaged:
        return None
    return text, f"utf-8 with {damaged} invalid byte sequence{'s' if damaged > 1 else ''} replaced"


def _unlikely(encoding: str) -> bool:
    """Code pages of DOS consoles, EBCDIC and old Macs: charset detection proposes
    them for short Western texts (Latin-1's é is a Baltic letter in cp775), and news
    files are not written in them. Windows Thai (cp874) is the exception."""
    return bool(_UNLIKELY.fullmatch(encoding)) and encoding != "cp874"


def _guess(data: bytes) -> tuple[str, str]:
    likely = [match for match in from_bytes(data[:262144]) if not _unlikely(match.encoding)]
    guess = likely[0].encoding if likely else None
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
    return len(_CONTROL.findall(sample)) / len(sample)
