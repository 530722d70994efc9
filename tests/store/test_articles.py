"""The articles tables' reads: full-text search over any query string, id prefixes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from storyline.store.sqlite import Store
from tests.helpers import read_text, write_batch

TEXTS = [
    "War and peace\nThe war ended, and the delegations signed the accord.\n",
    "Markets rally\nTraders cheered or shrugged; the index did not fall.\n",
    "Harbour plan\nThe Zelensky-Putin talks were not held near the harbour.\n",
]

# Every kind of string a user may type: FTS5 operators with nothing around them, unbalanced
# quotes and brackets, column filters for columns that do not exist, bytes that are not text.
HOSTILE = [
    "OR",
    "AND",
    "NOT",
    "NEAR",
    "war AND",
    "AND war",
    "war OR",
    "NOT war",
    "war NOT",
    "OR OR OR",
    "AND AND",
    "(",
    ")",
    "()",
    "war (OR",
    "NEAR(",
    "NEAR(war peace",
    "NEAR(war peace, -1)",
    "war NEAR/x peace",
    '"',
    '""',
    '"""',
    '"unbalanced',
    "'",
    "*",
    "*war",
    "war**",
    "^",
    "^^war",
    "-",
    "-war",
    "+",
    ":",
    "title:",
    "nope:war",
    "a:b:c",
    "{",
    "}",
    "{nope}: war",
    "{title body",
    "\\",
    "%",
    "_",
    "\x00",
    "war\x00",
    "\x00\x00 OR",
    "\udcff",  # a command-line byte that is not UTF-8, as Python passes it
    "war \ud800",
    "\u202e",
    "\ufeff",
    "🙂",
    "war " * 2000,
    "x" * 100_000,
    "",
    " ",
    "\t\n",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(tmp_path_factory.mktemp("fts") / "s.db") as store:
        write_batch(store, [read_text(text, f"{n}.txt") for n, text in enumerate(TEXTS)])
        yield store


@pytest.mark.parametrize("query", HOSTILE)
def test_any_query_string_gives_hits_or_none_never_an_error(store: Store, query: str) -> None:
    hits = store.articles.search(query)
    assert all(isinstance(snippet, str) for _, snippet in hits)


@pytest.mark.parametrize(
    ("query", "sources"),
    [
        ("OR", ["1.txt"]),  # a bare operator is the word
        ("NOT", ["1.txt", "2.txt"]),
        ("war AND", ["0.txt"]),  # "war" and the word "and"
        ("war OR markets", ["0.txt", "1.txt"]),  # valid syntax keeps its meaning
        ("Zelensky-Putin OR delegations", ["0.txt", "2.txt"]),  # words quoted, operator kept
        ('"war', ["0.txt"]),  # a stray quote
        ("war\x00", ["0.txt"]),
    ],
)
def test_a_query_that_is_not_fts5_syntax_is_searched_as_its_words(store: Store, query: str, sources: list[str]) -> None:
    assert sorted(a.source for a, _ in store.articles.search(query)) == sources


def test_ids_with_prefix_lists_the_matching_ids_and_counts_them_all(tmp_path: Path) -> None:
    base = read_text("Rain fell on the capital on Monday.\n", "a.txt")
    made = [replace(base, id=f"abcd{n:012x}", source=f"{n}.txt") for n in range(12)]
    with Store(tmp_path / "s.db") as store:
        write_batch(store, [*made, replace(base, id="abce000000000000", source="x.txt")])
        ids, total = store.articles.ids_with_prefix("abcd", limit=3)
        assert (ids, total) == (["abcd000000000000", "abcd000000000001", "abcd000000000002"], 12)
        assert store.articles.ids_with_prefix("abc", limit=20)[1] == 13
        assert store.articles.ids_with_prefix("ffff") == ([], 0)
