"""A brief as text, Markdown or HTML: every sentence followed by its citations (outlet and date;
in Markdown and HTML a link to the article at the cited sentence).

A link goes to the article's URL with a text fragment (`#:~:text=`), which browsers scroll to
and highlight; an article without a URL is linked as `article/<id>#<start>-<end>`, the web
app's address of the sentence. Article text is untrusted: the HTML is rendered by Jinja2 with
autoescaping, and Markdown escapes the characters that would make markup of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape

from storyline.report.brief import Brief
from storyline.service.timeline import ClaimView, SourceView

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def cite(s: SourceView) -> str:
    return f"{s.outlet or 'unknown outlet'}, {s.date or 'undated'}"


def link(s: SourceView, text: str | None = None) -> str:
    if s.url and s.url.startswith(("http://", "https://")):
        fragment = f"#:~:text={quote(' '.join(text.split()[:6]))}" if text else ""
        return s.url.split("#")[0] + fragment
    return f"article/{s.article}#{s.start}-{s.end}"


def claim_line(c: ClaimView) -> str:
    if c.kind == "statement":
        return c.text
    return f"{c.subject}: {c.value.get('shown', c.value.get('value'))}"


def conflict_line(c: ClaimView) -> str:
    values = [f"{c.value.get('shown')} ({', '.join(sorted({s.outlet or s.article for s in c.sources}))})"]
    for other in c.conflicts:
        outlets = sorted({s.get("outlet") or s["article"] for s in other["sources"]})
        values.append(f"{other['value'].get('shown')} ({', '.join(outlets)})")
    return f"{c.subject}: " + " vs ".join(values)


def _sources(sources: Sequence[SourceView]) -> str:
    return "; ".join(cite(s) for s in sources)


def text(b: Brief) -> str:
    lines = [f"Story {b.story}: {b.title or '(untitled)'}", _span(b), ""]
    for s in b.sentences:
        mark = " (single source)" if s.single_source else ""
        lines.append(f"{s.text} [{_sources(s.sources)}]{mark}")
    if b.actors:
        lines += [
            "",
            "Key actors: " + "; ".join(a.name + (f" ({', '.join(a.roles)})" if a.roles else "") for a in b.actors),
        ]
    if b.corroborated:
        lines += ["", "Corroborated:"]
        lines += [f"- {claim_line(c)} [{c.independent_sources} independent sources]" for c in b.corroborated]
    if b.contested:
        lines += ["", "Contested:"] + [f"- {conflict_line(c)}" for c in b.contested]
    if b.quotes:
        lines += ["", "Quotes:"]
        lines += [f"- “{q.text}” ({q.speaker}) [{_sources(q.sources)}]" for q in b.quotes]
    return "\n".join(lines) + "\n"


def _span(b: Brief) -> str:
    when = f"{b.start} to {b.end}" if b.start and b.end and b.start != b.end else (b.start or "undated")
    return f"{when}; {b.articles} articles, {b.independent_sources} independent sources"


def md_escape(value: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(value.split()))


def markdown(b: Brief) -> str:
    lines = [f"## {md_escape(b.title or f'Story {b.story}')}", "", f"*{md_escape(_span(b))}*", ""]
    for s in b.sentences:
        cites = "; ".join(f"[{md_escape(cite(src))}]({link(src, s.text)})" for src in s.sources)
        mark = " *(single source)*" if s.single_source else ""
        lines.append(f"{md_escape(s.text)} ({cites}){mark}")
        lines.append("")
    if b.actors:
        lines.append("**Key actors:** " + "; ".join(
            md_escape(a.name + (f" ({', '.join(a.roles)})" if a.roles else "")) for a in b.actors
        ))  # fmt: skip
        lines.append("")
    if b.corroborated:
        lines += ["**Corroborated:**", ""]
        lines += [f"- {md_escape(claim_line(c))} ({c.independent_sources} independent sources)" for c in b.corroborated]
        lines.append("")
    if b.contested:
        lines += ["**Contested:**", ""] + [f"- {md_escape(conflict_line(c))}" for c in b.contested] + [""]
    if b.quotes:
        lines += ["**Quotes:**", ""]
        for q in b.quotes:
            cites = "; ".join(f"[{md_escape(cite(src))}]({link(src, q.text)})" for src in q.sources)
            lines.append(f"- “{md_escape(q.text)}” ({md_escape(q.speaker)}; {cites})")
        lines.append("")
    return "\n".join(lines)


_ENV = Environment(
    loader=PackageLoader("storyline.report", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)


def html(b: Brief) -> str:
    template = _ENV.get_template("brief.html")
    return template.render(b=b, span=_span(b), cite=cite, link=link, claim_line=claim_line, conflict_line=conflict_line)


RENDERERS = {"text": text, "md": markdown, "html": html}
