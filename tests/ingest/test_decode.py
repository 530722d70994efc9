"""Bytes to text: UTF-8 first, byte-order marks, legacy Western code pages, damaged
UTF-8; and the inputs that are not text at all."""

from __future__ import annotations

import codecs

import pytest

from storyline.ingest.decode import NotText, decode
from storyline.ingest.item import Item
from storyline.ingest.parse import parse_item
from storyline.model import Article, Notice, Rejection

SMART = "The mayor’s office said “the ferry will run daily” — and the café owner, naïve as ever, agreed."
FRENCH = (
    "Le café à côté de la gare ferme à minuit, selon le maire de Besançon. Ça déçoit les étudiants qui révisent là-bas."
)
GERMAN = "Der Bürgermeister erklärte am Dienstag, dass die neue Fähre täglich fahren wird. Die Grünen äußerten Kritik."
SWEDISH = "Borgmästaren sade på tisdagen att den nya färjan kommer att gå dagligen. Oppositionen kritiserade beslutet."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SMART.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SMART.encode("utf-8"), "utf-8-sig"),
        (SMART.encode("utf-16"), "utf-16"),  # with the platform's BOM
        (codecs.BOM_UTF16_BE + SMART.encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF16_LE + SMART.encode("utf-16-le"), "utf-16"),
        (SMART.encode("cp1252"), "cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-be", "utf-16-le", "cp1252"],
)
def test_text_is_decoded_exactly(data: bytes, encoding: str) -> None:
    assert decode(data) == (SMART, encoding)


@pytest.mark.parametrize("text", [FRENCH, GERMAN, SWEDISH], ids=["fr", "de", "sv"])
def test_latin_1_is_read_as_western_not_as_a_dos_code_page(text: str) -> None:
    decoded, encoding = decode(text.encode("latin-1"))
    assert decoded == text
    assert encoding == "cp1252"


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (
            "Мэр города заявил во вторник, что новый паром будет ходить ежедневно, а оппозиция раскритиковала решение.",
            "cp1251",
        ),
        ("Ο δήμαρχος της πόλης δήλωσε την Τρίτη ότι το νέο πλοίο θα εκτελεί καθημερινά δρομολόγια.", "cp1253"),
        ("Belediye başkanı salı günü yeni feribotun her gün çalışacağını söyledi, ağır eleştiri aldı.", "cp1254"),
    ],
    ids=["cyrillic", "greek", "turkish"],
)
def test_other_legacy_code_pages_are_still_detected(text: str, codec: str) -> None:
    decoded, encoding = decode(text.encode(codec))
    assert decoded == text
    assert encoding == codec


def test_utf8_with_a_few_damaged_bytes_stays_utf8() -> None:
    data = (SMART + " ").encode("utf-8") * 3 + b"\xff\xfe stray bytes, then " + "“more”".encode()[:-2] + b" text."
    text, encoding = decode(data)
    assert text.startswith(SMART + " " + SMART)  # every valid character intact
    assert text.endswith("\ufffd\ufffd stray bytes, then “more\ufffd text.")  # a cut-off ” is one damaged sequence
    assert encoding == "utf-8 with 3 invalid byte sequences replaced"


def test_ascii_with_stray_high_bytes_keeps_every_ascii_character() -> None:
    data = b"The council met on Tuesday \x93to approve\x94 the plan for the new harbour \x96 at last."
    text, encoding = decode(data)
    assert encoding != "utf-8"
    assert text == "The council met on Tuesday “to approve” the plan for the new harbour – at last."


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty input"),
        (b" \n\t\r\n  ", "empty input"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)),
            "binary content (NUL bytes), not text",
        ),
        (bytes(range(1, 32)) * 20, "binary content (control characters), not text"),
    ],
    ids=["empty", "whitespace", "png", "control-characters"],
)
def test_not_text(data: bytes, reason: str) -> None:
    with pytest.raises(NotText) as caught:
        decode(data)
    assert str(caught.value) == reason


def test_a_bom_followed_by_invalid_bytes_is_not_text() -> None:
    with pytest.raises(NotText, match="invalid utf-8-sig after its byte-order mark"):
        decode(codecs.BOM_UTF8 + b"caf\xe9 au lait")


def test_a_file_in_a_legacy_encoding_is_stored_with_a_warning() -> None:
    text = f"{FRENCH}\n\n{GERMAN}\n"
    results = parse_item(Item("old.txt", "text", text.encode("cp1252")))
    notice, article = results
    assert isinstance(notice, Notice)
    assert str(notice) == "old.txt: not valid UTF-8: decoded as cp1252"
    assert isinstance(article, Article)
    assert article.body == f"{FRENCH}\n\n{GERMAN}"
    assert article.extra["encoding"] == "cp1252"


def test_utf8_text_has_no_warning() -> None:
    results = parse_item(Item("new.txt", "text", f"{FRENCH}\n\n{SMART}\n".encode()))
    assert [type(r) for r in results] == [Article]


def test_a_binary_file_is_rejected_and_kept() -> None:
    data = b"\x00\x01\x02\x03" * 100
    (rejection,) = parse_item(Item("blob.txt", "text", data))
    assert isinstance(rejection, Rejection)
    assert (rejection.source, rejection.reason, rejection.raw) == (
        "blob.txt",
        "binary content (NUL bytes), not text",
        data,
    )
