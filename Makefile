# The two commands: `make run` (set up and serve) and `make test` (set up and test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test lint bench bench-quick system system-test clean

run: system $(INSTALLED)
	$(BIN)/cotmoc run

test: system-test $(INSTALLED)
	$(BIN)/pytest

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: system-bench $(INSTALLED)
	$(BIN)/python -m bench.run

bench-quick: system-bench $(INSTALLED)
	$(BIN)/python -m bench.run --quick

system:
	@scripts/system-deps.sh run

system-test:
	@scripts/system-deps.sh test

system-bench:
	@scripts/system-deps.sh bench

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

clean:
	rm -rf $(VENV) test-output
