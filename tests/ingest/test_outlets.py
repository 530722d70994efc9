from __future__ import annotations

from storyline.ingest import outlets
from storyline.model import Outlet


def test_url_site_maps_to_the_known_outlet_including_subdomains() -> None:
    assert outlets.from_url("https://www.rferl.org/a/x.html") == (Outlet("RFE/RL", "url"), True)
    assert outlets.from_url("https://edition.cnn.com/2025/06/01/x") == (Outlet("CNN", "url"), True)
    assert outlets.from_url("https://blog.example.net/post") == (Outlet("blog.example.net", "url"), False)
    assert outlets.from_url("not a url") == (None, False)


def test_credits_in_text() -> None:
    text = (
        "KYIV (AFP) - Officials met on Monday.\n"
        '"We are ready," an aide told Reuters.\n'
        "Reprinted with the permission of Radio Free Europe/Radio Liberty, Washington.\n"
        "A soldier at the front. Photo: Jane Roe/AP\n"
    )
    found = {(o.name, o.origin) for o in outlets.credits(text)}
    assert ("AFP", "credit: dateline") in found
    assert ("Reuters", "credit: interview") in found
    assert ("RFE/RL", "credit: reprint") in found
    assert ("AP", "credit: photo") in found


def test_citing_an_outlet_is_not_a_credit() -> None:
    assert outlets.credits("Reuters reported that the talks stalled, according to AP and TASS.") == []


def test_photo_agency_is_never_the_publisher() -> None:
    assert outlets.credits("Crowds gathered. (Photo by John Smith/Getty Images)") == []


def test_resolve_prefers_the_texts_own_statement_over_the_site() -> None:
    best = outlets.resolve(
        [Outlet("globalsecurity.org", "url: unknown site"), Outlet("Radio Free Europe", "credit: reprint")]
    )
    assert best == Outlet("RFE/RL", "credit: reprint")
    assert outlets.resolve([]) is None


def test_canonical_names() -> None:
    assert outlets.canonical("Associated Press") == "AP"
    assert outlets.canonical("Some Local Paper") == "Some Local Paper"


def test_the_template_key_is_the_publisher_else_the_site_the_page_was_read_from() -> None:
    assert outlets.template_key(Outlet("The Daily Example", "metadata: site"), None) == "the daily example"
    assert outlets.template_key(Outlet("BBC", "url"), "https://www.bbc.co.uk/news/1") == "bbc"
    # a credit in the text names who wrote it, not whose page template surrounds it
    assert outlets.template_key(Outlet("AP", "credit: copyright"), "https://www.example.com/a") == "example.com"
    assert outlets.template_key(Outlet("AP", "credit: copyright"), None) == "ap"
    assert outlets.template_key(Outlet("BBC", "credit: interview"), None) is None  # "told the BBC": anyone prints it
    assert outlets.template_key(None, "https://News.Example.com/a") == "news.example.com"
    assert outlets.template_key(None, None) is None
