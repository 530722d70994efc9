"""The house rules of docs/architecture.md, checked on the source rather than trusted.

- Imports run one way: model/records -> text/parallel -> store -> stage -> ingest/analyze
  -> corpus -> registry -> service -> cli. A module imports only from its own layer or below.
- SQL lives only in `storyline/store/`.
- Each stage's store module writes only the tables its stage owns, or those it declares
  that it refines; every table of the schema has exactly one owner.
- The CLI holds no query logic: it calls the service layer and renders what it returns.
"""

from __future__ import annotations

import ast
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline import registry
from storyline.store.sqlite import Store

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "storyline"

LAYERS: list[tuple[str, ...]] = [
    ("storyline", "storyline.model", "storyline.records", "storyline.data"),
    ("storyline.text", "storyline.parallel"),
    ("storyline.store",),
    ("storyline.stage",),
    ("storyline.ingest", "storyline.analyze"),
    ("storyline.corpus",),
    ("storyline.registry",),
    ("storyline.service", "storyline.report"),
    ("storyline.cli", "storyline.__main__"),
]

INGEST_TABLES = ("raw_inputs", "articles", "paragraphs", "sightings", "rejects", "articles_fts", "title_suffixes")


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path


def layer_of(module: str) -> int:
    """The layer of a module: the most specific prefix listed wins."""
    best, rank = -1, -1
    for n, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), n
    if rank < 0:
        raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")
    return rank


def _imports(module: str, path: Path) -> Iterator[tuple[int, str]]:
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            for alias in node.names:
                full = f"{base}.{alias.name}"
                # `from storyline.analyze import nlp` imports a module; `from x import name` a name in x
                yield node.lineno, full if (PACKAGE.parent / (full.replace(".", "/") + ".py")).exists() else base


def test_every_module_has_a_layer() -> None:
    for module, _ in _modules():
        layer_of(module)


def test_no_import_runs_up_the_layers() -> None:
    upward = []
    for module, path in _modules():
        own = layer_of(module)
        for line, imported in _imports(module, path):
            if imported.startswith("storyline") and layer_of(imported) > own:
                upward.append(f"{path.relative_to(PACKAGE)}:{line} {module} -> {imported}")
    assert not upward, "imports that run up the layers:\n" + "\n".join(upward)


def test_the_layer_check_can_fail() -> None:
    assert layer_of("storyline.store.articles") < layer_of("storyline.analyze.reading")
    assert layer_of("storyline.records") < layer_of("storyline.store.reading")
    assert layer_of("storyline.service.export") > layer_of("storyline.registry")


_SQL = re.compile(r"\b(SELECT\b.+\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b", re.I | re.S)
_EXECUTE = {"execute", "executemany", "executescript"}


def _sql_sites(path: Path) -> Iterator[int]:
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _EXECUTE) or (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and _SQL.search(node.value)
        ):
            yield node.lineno


def test_sql_lives_only_in_the_store_layer() -> None:
    outside = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for module, path in _modules()
        if not module.startswith("storyline.store")
        for line in _sql_sites(path)
    ]
    assert not outside, "SQL outside storyline/store/:\n" + "\n".join(outside)


# the table after INSERT INTO, DELETE FROM, or UPDATE ... SET (not an upsert's "DO UPDATE SET")
_WRITES = re.compile(r"\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|DELETE\s+FROM|(?<!DO )UPDATE)\s+(\w+)", re.I)


def _written_tables(path: Path) -> set[str]:
    written: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            written |= {m.lower() for m in _WRITES.findall(node.value)}
        elif isinstance(node, ast.JoinedStr):
            # a table named by a variable ("DELETE FROM {table}") is not checked here
            text = "".join(v.value if isinstance(v, ast.Constant) else "{?}" for v in node.values)
            written |= {m.lower() for m in _WRITES.findall(text)}
    return written


def _schema_tables() -> set[str]:
    """The tables a new store has after every migration (a migration may rename or drop one)."""
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "s.db") as store:
        rows = store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {str(r[0]).lower() for r in rows}


@pytest.mark.parametrize("stage", registry.STAGES, ids=lambda s: s.name)
def test_a_stage_store_module_writes_only_what_its_stage_owns_or_refines(stage: registry.Stage) -> None:
    path = PACKAGE / "store" / f"{stage.name}.py"
    assert path.exists(), f"stage {stage.name} has no store module store/{stage.name}.py"
    written = _written_tables(path)
    assert written, f"store/{stage.name}.py writes nothing: the check would be empty"
    assert written <= set(stage.owns) | set(stage.refines), f"{stage.name} writes {written - set(stage.owns)}"
    others = {t for s in registry.STAGES if s is not stage for t in s.owns}
    assert not set(stage.refines) & {t for t in stage.owns}
    assert set(stage.refines) <= others, "a stage refines only tables other stages own"


def test_the_ingest_store_module_writes_only_ingest_tables() -> None:
    assert _written_tables(PACKAGE / "store" / "articles.py") <= set(INGEST_TABLES)


def test_every_table_has_exactly_one_owner() -> None:
    owners: dict[str, list[str]] = {t: ["ingest"] for t in INGEST_TABLES}
    for stage in registry.STAGES:
        for table in stage.owns:
            owners.setdefault(table, []).append(stage.name)
    tables = {t for t in _schema_tables() if not t.startswith("articles_fts")} | {"articles_fts"}
    assert {t for t, o in owners.items() if len(o) != 1} == set()
    assert tables == set(owners), (
        f"owned but not created: {set(owners) - tables}; created, no owner: {tables - set(owners)}"
    )


_TABLE_ATTRS = {
    "db",
    "articles",
    "features",
    "reading",
    "stories",
    "entities",
    "anchors",
    "accounts",
    "timeline",
    "claims",
}
_CLI_MAY_IMPORT = (
    "storyline.cli",
    "storyline.service",
    "storyline.report",  # renderings of the service's views (the service layer's, like exports)
    "storyline.store.sqlite",
    "storyline.model",
    "storyline.registry",
    "storyline.ingest.pipeline",
    "storyline.ingest.sources",
    "storyline",
)


def test_the_cli_holds_no_query_logic() -> None:
    found = []
    for module, path in _modules():
        if not module.startswith("storyline.cli"):
            continue
        for line, imported in _imports(module, path):
            if (
                imported.startswith("storyline")
                and not any(imported == p or imported.startswith(p + ".") for p in _CLI_MAY_IMPORT if p != "storyline")
                and imported != "storyline"
            ):
                found.append(f"{path.name}:{line} imports {imported}")
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "store"
                and node.attr in _TABLE_ATTRS
            ):
                found.append(f"{path.name}:{node.lineno} reads store.{node.attr} itself")
    assert not found, "the CLI reaches past the service layer:\n" + "\n".join(found)
