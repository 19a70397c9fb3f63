# Two entry points for a fresh machine with only python3 and make:
#   make site   set up .venv, then build both sites, letters and exports into site/
#   make test   set up .venv, then run ruff and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test check lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/policy check
	$(BIN)/policy build

check: $(STAMP)
	$(BIN)/policy check

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks

test: $(STAMP) lint
	$(BIN)/pytest

clean:
	rm -rf site $(VENV) .pytest_cache .ruff_cache
