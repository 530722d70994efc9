"""One very long line, under the size limit, is read in time linear in its length.

Every pattern the readers run on a line (date lines, bylines, crawl headers, datelines,
residue rules, outlet credits) once had a form that backtracks on some text: quadratic on
repeated dates or runs of spaces, exponential on "AA-AA-AA-...". Each case below is the
text that made one of them blow up, as a single line ingested in a fresh process with a
generous bound: 5 MB for the issue's cases, 1 MB for the others (each of which took more
than 30 s at 40 KB before). The bound is no speed test: the old code took minutes on 0.1 MB.
"""

from __future__ import annotations

import base64
import random
import subprocess
import sys
from pathlib import Path

import pytest

BOUND = 60.0  # seconds; the fixed code takes a few

MB = 1_000_000
# size: (start of the line, unit repeated to the size, end of the line)
CASES = {
    # the repro (random bytes, base64 on one line): it has almost no date-like candidates and was
    # fast before too on this machine; the next case is the one that makes date_line quadratic
    "base64": (5 * MB, "", "", ""),
    "repeated-dates": (5 * MB, "", "2025-06-01 x ", ""),  # date line: each date rebuilt and searched the line
    "byline-separators": (MB, "by a", "-|", "x"),  # byline: the trailing-separator strip
    "crawl-header-spaces": (MB, "date", " ", "x"),  # crawl header: `\s*[:=]?\s+`
    "dateline-hyphens": (MB, "", "AA-", "x"),  # dateline: `[A-Z'.-]+(?:[ -]...)*`, exponential
    "source-spaces": (MB, "source: a", " ", "b"),  # `Source:` line: `(.+?)\s*$`
    "markdown-image": (MB, "![", "](x)", "y"),  # banner image: `!\[.*\]\(.*\)`
    "photo-credit-spaces": (MB, "a /AP", " ", "x"),  # caption credit: `\s*\)?\s*\.?\s*$`, cubic
    "caption-parens": (MB, "", "(photo", ")x"),  # caption label: `\(photo[^)]*\)`
}

_SCRIPT = (
    "import sys; from storyline.ingest.pipeline import ingest; from storyline.store.sqlite import Store; "
    "report = ingest([sys.argv[1]], Store(sys.argv[2]), jobs=1); print(report.read, len(report.rejections))"
)


def long_line(kind: str) -> str:
    size, head, unit, tail = CASES[kind]
    if not unit:
        return base64.b64encode(random.Random(11).randbytes(size * 3 // 4)).decode()
    body = unit * ((size - len(head) - len(tail)) // len(unit) + 1)
    return head + body[: size - len(head) - len(tail)] + tail


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(CASES))
def test_a_single_line_of_megabytes_is_ingested_in_bounded_time(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "one.txt"
    path.write_text(long_line(kind), encoding="ascii")
    assert path.stat().st_size == CASES[kind][0]
    command = [sys.executable, "-c", _SCRIPT, str(path), str(tmp_path / "s.db")]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=BOUND, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"a line of {CASES[kind][0] / MB:.0f} MB ({kind}) took more than {BOUND:.0f} s to ingest")
    assert done.returncode == 0, done.stderr
    read, rejected = (int(n) for n in done.stdout.split())
    assert read + rejected == 1, done.stdout  # an article, or a rejection (a line that is all residue)
