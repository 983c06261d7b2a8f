# The two commands: `make run` (set up and serve) and `make test` (set up and test).
# `make lint` checks style and types; `make test-fast` is the suite without a browser or GDAL.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test test-fast lint bench bench-quick system system-test clean

run: system $(INSTALLED)
	$(BIN)/cotmoc run

# Coverage of the package, held to the floor in pyproject.toml ([tool.coverage.report]).
test: system-test $(INSTALLED)
	$(BIN)/pytest --cov --cov-report=term

# The inner loop: no Chromium, no GDAL command-line tools (markers `browser`, `gdal`).
test-fast: system-test $(INSTALLED)
	$(BIN)/pytest -m "not browser and not gdal"

# Every check runs, so that one report names all that fails.
lint: $(INSTALLED)
	@status=0; \
	$(BIN)/ruff check . || status=1; \
	$(BIN)/ruff format --check . || status=1; \
	$(BIN)/mypy || status=1; \
	exit $$status

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

# The maps' browser library (Leaflet.VectorGrid) comes from the npm registry, pinned by
# maps/js/package-lock.json; Leaflet itself comes in a Python wheel.
$(INSTALLED): pyproject.toml maps/js/package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	npm ci --prefix maps/js --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) test-output maps/js/node_modules
