# Set-up and everyday commands. Needs only python3 and make (and root, or chromium already
# installed, for the browser tests). Every target can be re-run safely.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORPUS ?= ../shared/corpus
HOST ?= 127.0.0.1
PORT ?= 8000
BENCH_COPIES ?= 10

AXE := .axe/node_modules/axe-core/axe.min.js

.PHONY: run test lint bench browser

# The stamps re-run pip only when pyproject.toml changes, so repeated runs need no network.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[dev]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/sgraph load $(CORPUS) || echo "Some files could not be loaded (see above); serving what was stored."
	$(BIN)/sgraph serve --host $(HOST) --port $(PORT)

# Browser tests drive Debian's chromium; install it when missing (needs root).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y chromium; \
	  else echo "chromium is not installed and installing it needs root: browser tests cannot run."; fi; }

# axe-core (npm) checks the pages' accessibility in the browser tests; installs npm when missing (needs root).
$(AXE):
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y npm; \
	  else echo "npm is not installed and installing it needs root: the accessibility check cannot run."; fi; }
	npm install --prefix .axe --no-audit --no-fund --no-save axe-core@4.10.2

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/mypy

# Runs all three checks even when one fails, so one run shows every problem; fails if any did.
# pytest exits 5 when it collected no test: that must not pass.
test: $(VENV)/.installed-dev browser $(AXE)
	@failed=""; \
	echo "== ruff"; $(BIN)/ruff check . || failed="$$failed ruff"; \
	echo "== mypy"; $(BIN)/mypy || failed="$$failed mypy"; \
	echo "== pytest"; $(BIN)/pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: no test ran"; failed="$$failed pytest"; \
	elif [ $$status -ne 0 ]; then failed="$$failed pytest"; fi; \
	if [ -n "$$failed" ]; then echo "make test: FAILED:$$failed"; exit 1; fi; echo "make test: all passed"

# Only these are benchmarks; the other modules in bench/ are what they share (measure.py) or the
# national corpus generator (national_corpus.py). national_scale.py writes bench/results.json.
BENCH_SCRIPTS := bench/load_and_build.py bench/extract_large.py bench/extract_pdf_plan.py bench/map_open.py
BENCH_AREAS ?= 150

bench: $(VENV)/.installed-dev
	@for script in $(BENCH_SCRIPTS); do \
	  echo "== $$script"; $(BIN)/python $$script --copies $(BENCH_COPIES) --corpus $(CORPUS) || exit 1; \
	done
	@echo "== bench/sparql_vs_embedded.py"; $(BIN)/python bench/sparql_vs_embedded.py --areas $(BENCH_AREAS)
	@echo "== bench/national_scale.py"; $(BIN)/python bench/national_scale.py --areas $(BENCH_AREAS)
