# One command each: both create .venv if missing and install what they need.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-each bench lint typecheck clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[postgres,dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/gtt demo

test: $(STAMP)
	bash scripts/ensure-test-deps.sh
	$(BIN)/python -m pytest -q

test-each: $(STAMP)
	bash scripts/test-each-module.sh

bench: $(STAMP)
	$(BIN)/python -m benchmarks

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy src/

clean:
	rm -rf $(VENV) gtt.sqlite3 gtt.sqlite3-* .pytest_cache
