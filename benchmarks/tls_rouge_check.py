"""Cross-check tls_metrics.rouge_counts against the ROUGE-1.5.5 Perl script itself.

    python benchmarks/tls_rouge_check.py --rouge-home /path/to/ROUGE-1.5.5 [--cases 300] [--articles]

`--rouge-home` is a ROUGE-1.5.5 directory with `ROUGE-1.5.5.pl` and `data/` (smart_common_words.txt,
WordNet-2.0.exc.db), e.g. `pyrouge/tools/ROUGE-1.5.5` of github.com/smartschat/tilse. Needs perl
with DB_File. XML::DOM is not needed: the script runs in its `-z SEE` file-list mode, and a stub
XML::DOM module is put on its @INC. Each case is a random peer summary and one or two random
reference summaries, from the Timeline17 gold sentences (or, `--articles`, detokenized article
sentences), written as tilse's pyrouge writes them and scored with tilse's options
(`-n 2 -x -f A -m -s -t 2`); the raw ROUGE-1 and ROUGE-2 counts must equal ours.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import tls_metrics as m  # noqa: E402
from labelled import data_dir  # noqa: E402
from stories import detokenize  # noqa: E402

STUB = "package XML::DOM;\n1;\npackage XML::DOM::Parser;\nsub new { return bless {}, shift; }\n1;\n"


def see(sentences: list[str], title: str) -> str:
    """A summary file as tilse's pyrouge (`rouge_summary_content`) writes it."""
    elems = "\n".join(
        f'<a name="{i}">[{i}]</a> <a href="#{i}" id={i}>{" ".join(t.replace("^", "&circ;") for t in s.split())}</a>'
        for i, s in enumerate(sentences, 1)
    )
    return f"<html>\n  <head>\n    <title>{title}</title>\n  </head>\n  <body>\n{elems}\n  </body>\n</html>"


def perl_counts(home: Path, stub: Path, peer: list[str], models: list[list[str]]) -> dict[int, tuple[int, int, int]]:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        (d / "P.html").write_text(see(peer, "P"), "utf-8")
        names = []
        for i, model in enumerate(models):
            (d / f"M{i}.html").write_text(see(model, f"M{i}"), "utf-8")
            names.append(str(d / f"M{i}.html"))
        (d / "files").write_text(" ".join([str(d / "P.html"), *names]) + "\n", "utf-8")
        options = ["-e", str(home / "data"), "-a", "-n", "2", "-x", "-f", "A", "-m", "-s", "-t", "2", "-z", "SEE"]
        command = ["perl", f"-I{stub}", str(home / "ROUGE-1.5.5.pl"), *options, str(d / "files")]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = {}
    for line in out.splitlines():
        if hit := re.match(r"\S+ ROUGE-(\d) M_count: (\d+) P_count: (\d+) H_count: (\d+)", line):
            n, model_count, peer_count, hits = (int(x) for x in hit.groups())
            found[n] = (hits, peer_count, model_count)
    return found


def sentences(data: Path, articles: bool) -> list[str]:
    out: list[str] = []
    for folder in sorted((data / "tls-t17" / "Timeline17").iterdir()):
        if articles:
            with gzip.open(folder / "articles.tokenized.jsonl.gz", "rt", encoding="utf-8") as handle:
                for line in handle:
                    out.extend(detokenize(s) for s in json.loads(line)["text"].split("\n")[:8] if s.strip())
        else:
            for line in (folder / "timelines.jsonl").read_text("utf-8").splitlines():
                out.extend(s.strip() for _, day in json.loads(line) for s in day)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rouge-home", type=Path, required=True)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--articles", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    data = data_dir()
    if data is None or not (data / "tls-t17").is_dir():
        print("Timeline17 not found; skipped")
        return 0
    pool = sentences(data, args.articles)
    rng = random.Random(args.seed)
    bad = 0
    with tempfile.TemporaryDirectory() as stub:
        (Path(stub) / "XML").mkdir()
        (Path(stub) / "XML" / "DOM.pm").write_text(STUB, "utf-8")
        for case in range(args.cases):
            peer = rng.sample(pool, rng.randint(1, 4))
            models = [rng.sample(pool, rng.randint(0, 4)) for _ in range(rng.randint(1, 2))]
            if case % 3 == 0:  # some shared content, so that there are hits
                models[0] = models[0] + peer[:1]
            perl = perl_counts(args.rouge_home, Path(stub), peer, models)
            for n in (1, 2):
                mine = m.rouge_counts(peer, models, n)
                if perl.get(n) != (mine.hit, mine.peer, mine.model):
                    bad += 1
                    print(f"ROUGE-{n}: perl {perl.get(n)} ours {mine}\n  peer {peer}\n  models {models}")
    print(f"{args.cases} cases ({'article' if args.articles else 'gold'} sentences), {bad} count mismatches")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
