"""Timeline summarization (TLS) metrics, after tilse (Martschat & Markert 2017, 2018), pure Python.

What news-tls (Ghalandari & Ifrim 2020) reports on Timeline17, and what this module computes:

- **date selection F1** (`date_scores`): precision and recall of the set of predicted dates
  against the set of gold dates (news-tls `experiments/evaluate.py::evaluate_dates`, the same as
  tilse `evaluation/dates.py`).
- **alignment-based ROUGE-1/2, "align+ m:1"** (`align_m1`): tilse
  `TimelineRougeEvaluator.evaluate_align_date_content_costs_many_to_one`. Each predicted date is
  aligned (for precision) to the gold date of lowest cost, and each gold date (for recall) to the
  predicted date of lowest cost, many-to-one, where cost = date factor x content factor:
  `(1 - 1/(|days apart| + 1)) * (1 - approx ROUGE-1 F1 of the two daily summaries)`
  (`util.compute_rouge_approximation`: whitespace tokens, case kept, a token dropped when it is a
  substring of `string.punctuation`). An aligned pair's ROUGE hits count `1/(|days apart| + 1)`;
  the counts are summed over all dates (micro) before dividing.
- **concat ROUGE-1/2** (`concat`): tilse `evaluate_concat`, all daily summaries concatenated.

ROUGE itself: news-tls builds `rouge.TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"])`, i.e.
tilse's default `rouge_computation="original"`: the ROUGE-1.5.5 Perl script through tilse's bundled
pyrouge with `stem=True, ignore_stopwords=True, average="raw"` (options `-n 2 -x -f A -m -s -t 2`).
`rouge_counts` reimplements that script's path for those options (not tilse's approximate
`RougeReimplementation`, which nltk-stems and differs from the Perl figures):

- each sentence is `" ".join(sentence.split())` with `^` written as `&circ;` (pyrouge) and cut at
  the first `<` (the script's SEE-format line pattern reads `[^<]+`), lowercased (ASCII A-Z only);
  sentences are joined by a space, `-` is padded with spaces and every character other than
  `[A-Za-z0-9-]` becomes a space (`readText`);
- tokens in ROUGE's SMART stopword list (`tls_rouge/smart_common_words.txt`, 598 words, copied from
  ROUGE-1.5.5/data) are dropped, so is any token not starting with `[a-z0-9$]` (the lone `-`);
- `-m`: a token longer than 3 characters goes through `MorphStem`: the WordNet-2.0 exception
  table first (`tls_rouge/wordnet_exceptions.tsv`, from ROUGE-1.5.5/data/WordNet-2.0-Exceptions,
  with the 7 keys that occur twice resolved as the shipped `WordNet-2.0.exc.db` has them, and
  only the entries that can match a token and change its stem kept), else the script's own Porter
  stemmer (`porter_stem`, a line-by-line port of its `stem` sub, with Lin's 2004 `-ement` change);
- n-grams are counted over the whole text; per reference ("model"): hits clipped by the model's
  count, `-f A` sums hits, model counts and (once per model) the peer count.

Averaging over timelines follows news-tls `get_average_results`: the mean precision and the mean
recall over timelines, and F1 of those two means (`average`).

Checked in tests/benchmarks/test_tls_metrics.py, on hand-made cases and on tilse's own unit test
cases (tilse/test/evaluation/test_rouge.py, which ran through the Perl script).
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "tls_rouge"

Timeline = Mapping[date, Sequence[str]]  # date -> the sentences of its summary


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return f_score(self.precision, self.recall)


def f_score(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


# --- ROUGE-1.5.5 ----------------------------------------------------------------------------


@cache
def stopwords() -> frozenset[str]:
    return frozenset((DATA / "smart_common_words.txt").read_text("utf-8").splitlines())


@cache
def exceptions() -> dict[str, str]:
    lines = (DATA / "wordnet_exceptions.tsv").read_text("utf-8").splitlines()
    pairs = (line.split("\t", 1) for line in lines if line)
    return {key: value for key, value in pairs}


_c = "[^aeiou]"
_v = "[aeiouy]"
_C = f"{_c}[^aeiouy]*"
_V = f"{_v}[aeiou]*"
_MGR0 = re.compile(f"^({_C})?{_V}{_C}")
_MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")
_MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")
_VOWEL = re.compile(f"^({_C})?{_v}")
_CVC = re.compile(f"^{_C}{_v}[^aeiouwxy]$")
_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
    "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
    "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
    "iviti": "ive", "biliti": "ble", "logi": "log",
}  # fmt: skip
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
_STEP2_RE = re.compile("(" + "|".join(_STEP2) + ")$")
_STEP3_RE = re.compile("(" + "|".join(_STEP3) + ")$")
_STEP4_RE = re.compile("(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$")


def _step1(w: str) -> str:
    # step 1a
    if (m := re.search("(ss|i)es$", w)) or (m := re.search("([^s])s$", w)):
        w = w[: m.start()] + m.group(1)
    # step 1b
    if m := re.search("eed$", w):
        if _MGR0.search(w[: m.start()]):
            w = w[:-1]
    elif (m := re.search("(ed|ing)$", w)) and _VOWEL.search(w[: m.start()]):
        w = w[: m.start()]
        if re.search("(at|bl|iz)$", w):
            w += "e"
        elif re.search(r"([^aeiouylsz])\1$", w):
            w = w[:-1]
        elif _CVC.search(w):
            w += "e"
    # step 1c
    if (m := re.search("y$", w)) and _VOWEL.search(w[: m.start()]):
        w = w[: m.start()] + "i"
    return w


def _step2_3(w: str) -> str:
    if (m := _STEP2_RE.search(w)) and _MGR0.search(w[: m.start()]):
        w = w[: m.start()] + _STEP2[m.group(1)]
    if (m := _STEP3_RE.search(w)) and _MGR0.search(w[: m.start()]):
        w = w[: m.start()] + _STEP3[m.group(1)]
    return w


def _step4(w: str) -> str:
    # with the script's 2004 change: -ement is not then tried as -ment and -ent
    if (m := _STEP4_RE.search(w)) and _MGR1.search(w[: m.start()]):
        w = w[: m.start()]
    if (m := re.search("ment$", w)) and _MGR1.search(w[: m.start()]):
        w = w[: m.start()]
    if m := re.search("ent$", w):
        if _MGR1.search(w[: m.start()]):
            w = w[: m.start()]
    elif (m := re.search("(s|t)(ion)$", w)) and _MGR1.search(w[: m.start()] + m.group(1)):
        w = w[: m.start()] + m.group(1)
    return w


def _step5(w: str) -> str:
    if m := re.search("e$", w):
        stem = w[: m.start()]
        if _MGR1.search(stem) or (_MEQ1.search(stem) and not _CVC.search(stem)):
            w = stem
    if re.search("ll$", w) and _MGR1.search(w):
        w = w[:-1]
    return w


def porter_stem(w: str) -> str:
    """ROUGE-1.5.5's `stem` (Porter 1980 as its Perl port has it), step by step."""
    if len(w) < 3:
        return w
    first_y = w.startswith("y")
    if first_y:  # an initial y is a consonant: "Y" matches no vowel class
        w = "Y" + w[1:]
    w = _step5(_step4(_step2_3(_step1(w))))
    return "y" + w[1:] if first_y else w


def morph_stem(token: str) -> str:
    return exceptions().get(token) or porter_stem(token)


_NOT_WORD = re.compile(r"[^A-Za-z0-9\-]")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def rouge_tokens(sentences: Sequence[str], stem: bool = True, remove_stopwords: bool = True) -> list[str]:
    """A summary's tokens as ROUGE-1.5.5 counts them (`readText` + `createNGram`, `-m -s`)."""
    lines = []
    for sentence in sentences:
        line = " ".join(tok.replace("^", "&circ;") for tok in sentence.split())  # pyrouge
        line = line.split("<", 1)[0]  # the SEE line pattern reads [^<]+
        if line:
            lines.append(line.translate(_ASCII_LOWER))
    text = _NOT_WORD.sub(" ", " ".join(lines).replace("-", " - "))
    stop = stopwords() if remove_stopwords else frozenset()
    out = []
    for token in text.split():
        if token in stop or not re.match(r"[a-z0-9$]", token):
            continue
        out.append(morph_stem(token) if stem and len(token) > 3 else token)
    return out


def ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class Counts:
    """ROUGE-N raw counts (`-t 2`): hits, peer n-grams (times the number of models), model n-grams."""

    hit: int
    peer: int
    model: int


def rouge_counts(peer: Sequence[str], models: Sequence[Sequence[str]], n: int) -> Counts:
    """ROUGE-n counts of a peer summary against reference summaries (each a list of sentences),
    `-f A`: summed over the models."""
    peer_grams = ngrams(rouge_tokens(peer), n)
    peer_total = sum(peer_grams.values())
    hit = peer_sum = model_sum = 0
    for model in models:
        model_grams = ngrams(rouge_tokens(model), n)
        hit += sum(min(count, peer_grams[gram]) for gram, count in model_grams.items())
        model_sum += sum(model_grams.values())
        peer_sum += peer_total
    return Counts(hit, peer_sum, model_sum)


# --- tilse's timeline measures -------------------------------------------------------------


def _references(golds: Sequence[Timeline], day: date) -> list[Sequence[str]]:
    """`GroundTruth[day]`: every reference timeline's summary of that day ([] where it has none)."""
    return [gold.get(day, []) for gold in golds]


def rouge_approximation(pred: Sequence[str], golds: Sequence[Sequence[str]]) -> float:
    """tilse `util.compute_rouge_approximation`: ROUGE-1 F1 on raw whitespace tokens."""

    def counts(summary: Sequence[str]) -> Counter[str]:
        return Counter(k for sent in summary for k in sent.split() if k not in string.punctuation)

    pred_counts = counts(pred)
    ref_counts = [counts(summary) for summary in golds]
    match = sum(min(c, ref[tok]) for tok, c in pred_counts.items() for ref in ref_counts)
    prec_denom = len(ref_counts) * sum(pred_counts.values())
    recall_denom = sum(sum(ref.values()) for ref in ref_counts)
    precision = match / prec_denom if prec_denom else 0.0
    recall = match / recall_denom if recall_denom else 0.0
    return f_score(precision, recall)


def _clean(timeline: Timeline) -> dict[date, list[str]]:
    return {day: [s.strip() for s in sents] for day, sents in timeline.items()}  # tilse Timeline()


def date_scores(pred: Timeline, golds: Timeline | Sequence[Timeline]) -> PRF:
    gold_list = [golds] if isinstance(golds, Mapping) else list(golds)
    predicted = set(pred)
    gold = set().union(*(set(g) for g in gold_list))
    shared = len(predicted & gold)
    return PRF(shared / len(predicted) if predicted else 0.0, shared / len(gold) if gold else 0.0)


def concat(pred: Timeline, golds: Timeline | Sequence[Timeline], n: int) -> PRF:
    gold_list = [_clean(golds)] if isinstance(golds, Mapping) else [_clean(g) for g in golds]
    peer = [s for day in sorted(pred) for s in _clean(pred)[day]]
    models = [[s for day in sorted(g) for s in g[day]] for g in gold_list]
    c = rouge_counts(peer, models, n)
    return PRF(c.hit / c.peer if c.peer else 0.0, c.hit / c.model if c.model else 0.0)


def _weight(a: date, b: date) -> float:
    return 1 / (abs(a.toordinal() - b.toordinal()) + 1)


def align_m1(pred: Timeline, golds: Timeline | Sequence[Timeline], n: int) -> PRF:
    """tilse `evaluate_align_date_content_costs_many_to_one`, ROUGE-n."""
    gold_list = [_clean(golds)] if isinstance(golds, Mapping) else [_clean(g) for g in golds]
    system = _clean(pred)
    pred_dates = sorted(system)
    ref_dates = sorted(set().union(*(set(g) for g in gold_list)))
    content = {
        (p, r): 1 - rouge_approximation(system[p], _references(gold_list, r)) for p in pred_dates for r in ref_dates
    }

    def cost(p: date, r: date) -> float:
        return (1 - _weight(p, r)) * content[p, r]

    prec_num = prec_denom = rec_num = rec_denom = 0.0
    # precision: each predicted date to its cheapest gold date (the first of equal costs, as argmin)
    for p in pred_dates:
        if ref_dates:
            r = min(ref_dates, key=lambda r: cost(p, r))
            c = rouge_counts(system[p], _references(gold_list, r), n)
            prec_num += _weight(p, r) * c.hit
        else:
            c = rouge_counts(system[p], [[""] for _ in gold_list], n)
        prec_denom += c.peer
    # recall: each gold date to its cheapest predicted date
    for r in ref_dates:
        refs = _references(gold_list, r)
        if pred_dates:
            p = min(pred_dates, key=lambda p: cost(p, r))
            c = rouge_counts(system[p], refs, n)
            rec_num += _weight(p, r) * c.hit
        else:
            c = rouge_counts([""], refs, n)
        rec_denom += c.model
    return PRF(prec_num / prec_denom if prec_denom else 0.0, rec_num / rec_denom if rec_denom else 0.0)


def average(scores: Sequence[PRF]) -> PRF:
    """news-tls `get_average_results`: mean precision and mean recall (F1 is taken of these)."""
    if not scores:
        return PRF(0.0, 0.0)
    return PRF(sum(s.precision for s in scores) / len(scores), sum(s.recall for s in scores) / len(scores))


def evaluate(pred: Timeline, gold: Timeline) -> dict[str, PRF]:
    """The news-tls figures for one system timeline against one gold timeline."""
    return {
        "date": date_scores(pred, gold),
        "ar1": align_m1(pred, gold, 1),
        "ar2": align_m1(pred, gold, 2),
        "concat1": concat(pred, gold, 1),
        "concat2": concat(pred, gold, 2),
    }
