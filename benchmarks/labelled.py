"""Where the labelled data lives: `$STORYLINE_DATA`, else `../shared/data` beside the project.

It is read in place, never copied into the project; every benchmark skips cleanly (and the
CI floors skip) when `data_dir()` finds nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def data_dir() -> Path | None:
    for candidate in (os.environ.get("STORYLINE_DATA"), ROOT.parent / "shared" / "data"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None
