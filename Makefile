# The two commands a newcomer needs: `make demo` and `make test`. Each sets up
# .venv on first use (pinned dependencies from pyproject.toml), so both work on a
# fresh machine with only Python 3.11 and make.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= storyline.db

.PHONY: demo test lint typecheck bench clean

$(BIN)/storyline: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "needs $(PYTHON) (set PYTHON=...)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

demo: $(BIN)/storyline
	$(BIN)/storyline ingest examples/istanbul-talks --db $(DB)
	$(BIN)/storyline articles --db $(DB)
	$(BIN)/storyline stories --db $(DB)
	$(BIN)/storyline entities --db $(DB) --limit 15
	$(BIN)/storyline brief --db $(DB)

lint: $(BIN)/storyline
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(BIN)/storyline
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/python -m pytest

bench: $(BIN)/storyline
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/stories.py
	$(BIN)/python benchmarks/copies.py
	$(BIN)/python benchmarks/corpus_speed.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache .mypy_cache .ruff_cache
