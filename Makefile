# gskg — every step a newcomer needs lives here.  `make serve` and `make test` set up everything.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: help install system-deps build serve test lint bench docs clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install gskg with its dependencies

# System packages the tests use: Chromium and a CJK font (browser tests), Virtuoso (remote-store tests),
# the OWL API (owlcheck).  Installed only when missing; needs root (CI runs as root).
system-deps:  ## install the Debian packages the test suite needs (once)
	@bash scripts/system-deps.sh

# dist/ is rebuilt only when the data, the ontology or the code changed.
SOURCES := $(wildcard data/*.yaml ontology/*.ttl) $(shell find src -name '*.py')

dist/gskg.nt: $(STAMP) $(SOURCES)
	$(BIN)/gskg build
	$(BIN)/gskg docs

build: dist/gskg.nt  ## validate the data and build dist/ (and the ontology docs)

serve: build  ## set up, build, and serve the graph on http://$(HOST):$(PORT)/
	$(BIN)/gskg serve --host $(HOST) --port $(PORT)

lint: $(STAMP)  ## ruff
	$(BIN)/ruff check src tests bench server.py
	$(BIN)/ruff format --check src tests bench server.py

test: $(STAMP) system-deps lint build  ## set up, lint, and run the whole test suite
	$(BIN)/pytest -n 2 --dist loadgroup

bench: $(STAMP) build  ## the benchmark suite (minutes; never part of `make test`)
	$(BIN)/python -m bench

docs: build  ## regenerate generated docs (ontology HTML, diagram)
	$(BIN)/gskg docs

clean:  ## remove dist/ and caches (keeps .venv)
	rm -rf dist .pytest_cache .ruff_cache
