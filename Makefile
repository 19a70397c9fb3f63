# Two entry points for a fresh machine with only python3 and make:
#   make site   set up .venv, then build both sites, letters and exports into site/
#   make test   set up .venv, then run ruff, mypy and the whole test suite
# Beside them: make quick (the suite without Chromium or LibreOffice, on every core),
# make typecheck, make docs (this project's own documentation, into site/docs/),
# make reference (regenerate docs/reference/ from the model, the parser and the corpus)
# and make lock (refresh requirements.lock, on purpose).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test quick typecheck docs reference lock check lint clean browser-deps

# Every package at the version requirements.lock pins (pip's constraints: pyproject.toml
# says what the project needs, the lock which release of each was tested).
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev,zensical]'
	# Bytecode now, so a machine that forbids writing it at run time pays nothing.
	$(BIN)/python -m compileall -q generator letter_templates
	touch $(STAMP)

# A new lock: the newest releases pyproject.toml allows, installed into a fresh
# environment and written down. Review its diff like code, then commit it.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet '.[dev,zensical]'
	{ echo "# Written by make lock from pyproject.toml; make installs with these versions."; \
	  .lock-venv/bin/pip freeze --exclude council-policy-generator | LC_ALL=C sort; } \
	  > requirements.lock
	rm -rf .lock-venv

site: $(STAMP)
	$(BIN)/policy check
	$(BIN)/policy build

check: $(STAMP)
	$(BIN)/policy check

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks docs tools

typecheck: $(STAMP)
	$(BIN)/mypy

# The documentation site (docs/): tutorial, how-to guides, reference, explanation.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict -f docs/mkdocs.yml

reference: $(STAMP)
	$(BIN)/python docs/reference.py

# axe-core for the browser tests, from tests/browser/package-lock.json (needs npm; without
# it the browser tests skip, except in CI where they fail).
AXE := tests/browser/node_modules/axe-core/axe.min.js

$(AXE): tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error
	touch $@

browser-deps:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(AXE); \
	else echo "npm not found: the browser tests will be skipped"; fi

test: $(STAMP) lint typecheck browser-deps
	$(BIN)/pytest -n auto

# About a minute on two cores: nothing that opens Chromium, starts LibreOffice, builds a
# site or starts a process (markers set in tests/conftest.py).
quick: $(STAMP)
	$(BIN)/pytest -n auto -q -p no:cacheprovider -m "not browser and not libreoffice and not slow"

clean:
	rm -rf site $(VENV) .pytest_cache .ruff_cache .mypy_cache .lock-venv
