"""Quote marks found on the characters: the spans inside them, paragraph by paragraph.

Curly marks are unambiguous and straight ones pair up within a paragraph, so the characters are
a surer guide than spaCy's tokens (the parser often splits a sentence at a mark). A quote
running over several paragraphs (an opening mark at the start of each, one closing mark at the
end) is one segment per paragraph sharing a group, so every segment's offsets stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.analyze.speech.indirect import CLOSE_MARKS, OPEN_MARKS, STRAIGHT

MIN_UNATTRIBUTED_WORDS = 4  # shorter quotes with no speaker are scare quotes ("a “restart” of talks")
_MASK = "\u200b"


@dataclass(slots=True)
class Segment:
    start: int  # offsets of the words inside the marks
    end: int
    group: int  # segments of one multi-paragraph quote share a group
    closed: bool


def quote_segments(text: str) -> list[Segment]:
    """Spans inside quote marks, paragraph by paragraph. An opening mark left open at the end of a
    paragraph continues when the next paragraph opens with a mark (the multi-paragraph convention);
    otherwise it is a stray mark and ends with its paragraph. Typewriter marks (``, '') count as
    straight double marks (the offsets do not move: the second character is masked)."""
    text = text.replace("``", '"' + _MASK).replace("''", '"' + _MASK)
    out: list[Segment] = []
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    group = 0
    carry: int | None = None  # group of a quote continuing from the previous paragraph
    for n, (ls, le) in enumerate(lines):
        open_at: int | None = None
        open_group = 0
        for i in range(ls, le):
            ch = text[i]
            if open_at is None:
                if ch in OPEN_MARKS or ch == STRAIGHT or (ch in CLOSE_MARKS and _misprinted_open(text, i, le)):
                    open_at = i
                    if carry is not None and not text[ls:i].strip():
                        open_group = carry
                    else:
                        group += 1
                        open_group = group
            elif ch in CLOSE_MARKS or ch == STRAIGHT or (ch in OPEN_MARKS and _misprinted_close(text, i, le)):
                _add(out, text, open_at + 1, i, open_group, True)
                open_at = None
            elif ch in OPEN_MARKS:  # a mark left open: restart at the new one
                open_at = i
                group += 1
                open_group = group
        carry = None
        if open_at is not None:
            following = lines[n + 1] if n + 1 < len(lines) else None
            continues = following is not None and text[following[0] : following[1]].lstrip()[:1] in (
                OPEN_MARKS + STRAIGHT
            )
            if continues or len(text[open_at + 1 : le].split()) >= MIN_UNATTRIBUTED_WORDS:
                _add(out, text, open_at + 1, le, open_group, False)
            if continues:
                carry = open_group
    return out


def _misprinted_open(text: str, i: int, line_end: int) -> bool:
    """A closing mark printed where an opening one belongs: after a space or at the paragraph's
    start, before a word (”We won,” ...)."""
    return (
        text[i] in CLOSE_MARKS and (i == 0 or text[i - 1].isspace()) and i + 1 < line_end and not text[i + 1].isspace()
    )


def _misprinted_close(text: str, i: int, line_end: int) -> bool:
    """An opening mark printed where a closing one belongs: after a word or sentence end, at the
    paragraph's end or before a space (...is 51 percent.“)."""
    return (
        text[i] in OPEN_MARKS and i > 0 and not text[i - 1].isspace() and (i + 1 >= line_end or text[i + 1].isspace())
    )


def _add(out: list[Segment], text: str, start: int, end: int, group: int, closed: bool) -> None:
    if start >= 2 and text[start - 2] == "=":  # markup: author="@someone"
        return
    while start < end and (text[start].isspace() or text[start] == _MASK):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if any(ch.isalnum() for ch in text[start:end]):
        out.append(Segment(start, end, group, closed))
