"""Paragraphs from an HTML fragment (a feed entry's content or summary).

trafilatura is built for whole pages and drops short fragments by design; a
feed entry is already the article's text, so it only needs its block structure
kept and its markup removed.
"""

from __future__ import annotations

import html as htmllib
import re

import lxml.html
from lxml import etree
from lxml_html_clean import Cleaner

_BLOCKS = {
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "table",
    "ul",
    "ol",
}
_CLEANER = Cleaner(
    scripts=True,
    javascript=True,
    style=True,
    comments=True,
    forms=True,
    embedded=True,
    frames=True,
    kill_tags=["figure", "figcaption", "nav", "aside"],
    page_structure=False,
)


def paragraphs(fragment: str) -> list[str]:
    if "<" not in fragment:
        return [
            p for p in (re.sub(r"\s+", " ", b).strip() for b in re.split(r"\n\s*\n", htmllib.unescape(fragment))) if p
        ]
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        root = _CLEANER.clean_html(root)
    except (etree.ParserError, ValueError):
        return paragraphs(re.sub(r"<[^<>]+>", " ", fragment))  # not `[^>]+`: quadratic on a run of "<"
    for br in root.iter("br"):
        br.tail = "\n\n" + (br.tail or "")
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            element.text = "\n\n" + (element.text or "")
            element.tail = "\n\n" + (element.tail or "")
    text = root.text_content()
    return [p for p in (re.sub(r"\s+", " ", b).strip() for b in re.split(r"\n\s*\n", text)) if p]
