# Two entry points for a fresh machine with only python3 and make:
#   make site   set up .venv, then build both sites, letters and exports into site/
#   make test   set up .venv, then run ruff and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test check lint clean browser-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,zensical]'
	# Bytecode now, so a machine that forbids writing it at run time pays nothing.
	$(BIN)/python -m compileall -q generator letter_templates
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/policy check
	$(BIN)/policy build

check: $(STAMP)
	$(BIN)/policy check

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks

# axe-core for the browser tests, from tests/browser/package-lock.json (needs npm; without
# it the browser tests skip, except in CI where they fail).
AXE := tests/browser/node_modules/axe-core/axe.min.js

$(AXE): tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error
	touch $@

browser-deps:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(AXE); \
	else echo "npm not found: the browser tests will be skipped"; fi

test: $(STAMP) lint browser-deps
	$(BIN)/pytest

clean:
	rm -rf site $(VENV) .pytest_cache .ruff_cache
