"""Which stream transformation costs the stories what: one at a time, on the train split.

    python benchmarks/stream_ablation.py                    # none, each transformation alone, all
    python benchmarks/stream_ablation.py undated all        # some of them

ECB+ topics 1-35 and 40 BASIL events (seed 12), dressed by benchmarks/stream_build.py with only
the named transformation on (`cut`, `undated`, `boiler`, `title`), none, or `all`, fed in
batches of 50 as benchmarks/stream.py does; prints B-cubed P/R/F1 per slice and level. The
constants of docs/corpus.md (LINK_SUPPORT, KINSHIP, UNDATED_FAR) were set with it; the
environment variables SUPPORT, KIN and FAR override them for a sweep.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stream
import stream_build as build
from labelled import data_dir
from storyline.corpus import events
from storyline.corpus import stories as chains

KINDS = ("none", "cut", "undated", "boiler", "title", "all")


def main() -> int:
    data = data_dir()
    if data is None:
        print("skipped: labelled data not found (../shared/data or $STORYLINE_DATA)")
        return 0
    chains.LINK_SUPPORT = int(os.environ.get("SUPPORT", chains.LINK_SUPPORT))
    chains.KINSHIP = float(os.environ.get("KIN", chains.KINSHIP))
    events.UNDATED_FAR = float(os.environ.get("FAR", events.UNDATED_FAR))
    items = build.ecbplus_sources(data, "train", 12) + build.basil_sources(data, 40, 12)
    full = {
        "CUT_MIN": build.CUT_MIN,
        "CUT_MAX": build.CUT_MAX,
        "UNDATED_SHARE": build.UNDATED_SHARE,
        "BOILERPLATE_SHARE": build.BOILERPLATE_SHARE,
    }
    dress_title = build.dress_title
    for kind in sys.argv[1:] or KINDS:
        for name, value in full.items():
            setattr(build, name, value)
        build.dress_title = dress_title
        if kind != "all":
            build.CUT_MIN = build.CUT_MAX = 10**9
            build.UNDATED_SHARE = build.BOILERPLATE_SHARE = 0.0
            build.dress_title = lambda title, outlet, section: title
            if kind == "cut":
                build.CUT_MIN, build.CUT_MAX = full["CUT_MIN"], full["CUT_MAX"]
            elif kind == "undated":
                build.UNDATED_SHARE = full["UNDATED_SHARE"]
            elif kind == "boiler":
                build.BOILERPLATE_SHARE = full["BOILERPLATE_SHARE"]
            elif kind == "title":
                build.dress_title = dress_title
        results, _ = stream.evaluate(items, 12, 1, 50, runs=("stream",))
        cells = [f"{kind:<8}"]
        for level in stream.LEVELS:
            for part in ("ecbplus", "basil", "ecbplus+basil"):
                r = results["stream"][level][part]
                cells.append(f"{level[0]}:{part} {r['b3_p']:.3f}/{r['b3_r']:.3f}/{r['b3_f1']:.3f}")
        print("  ".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
