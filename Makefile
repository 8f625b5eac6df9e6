# gskg — every step a newcomer needs lives here.  `make serve` and `make test` set up everything.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 5000

LOCK   := requirements.txt
UV_VERSION ?= 0.13.9

.PHONY: help install lock test-latest system-deps build serve test test-fast lint bench docs clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

# The application installs from the lock: exact versions, checked against their hashes, so a
# fresh machine gets what CI tested.  pyproject.toml keeps ranges for library users.
# (pip's own version is whatever Python's venv ships: the lock pins what gskg imports.)
$(STAMP): $(LOCK) pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/python scripts/lockcheck.py --strict $(LOCK)
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install gskg and the locked dependencies

# uv resolves the ranges of pyproject.toml (runtime + the test extra) for Python 3.11 and
# writes every version with its hashes.  uv itself lives in a small venv of its own.
lock:  ## regenerate requirements.txt (the lock) from pyproject.toml
	[ -x $(VENV)-uv/bin/uv ] || { $(PYTHON) -m venv $(VENV)-uv && \
	  $(VENV)-uv/bin/pip install --quiet uv==$(UV_VERSION); }
	$(VENV)-uv/bin/uv pip compile pyproject.toml --extra test --generate-hashes \
	  --python-version 3.11 --custom-compile-command "make lock" --upgrade -o $(LOCK)

# A throwaway venv with the newest versions the ranges of pyproject.toml allow, and the whole
# suite in it: the next upgrade's breakage, seen before a user sees it.  Not part of `make test`.
test-latest: system-deps  ## run the suite with the newest dependencies the ranges allow
	rm -rf $(VENV)-latest
	$(PYTHON) -m venv $(VENV)-latest
	$(VENV)-latest/bin/pip install --quiet --no-cache-dir --upgrade -e '.[test]'
	@echo "test-latest: versions that differ from the lock:"
	@$(VENV)-latest/bin/python scripts/lockcheck.py $(LOCK)
	$(VENV)-latest/bin/gskg build --out $(VENV)-latest/dist
	GSKG_TEST_DIST=$(VENV)-latest/dist $(VENV)-latest/bin/pytest -n 2 --dist loadgroup

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
	$(BIN)/ruff check src tests bench scripts server.py
	$(BIN)/ruff format --check src tests bench scripts server.py

test: $(STAMP) system-deps lint build  ## set up, lint, and run the whole test suite
	$(BIN)/gskg check --fail-on error --format csv > /dev/null
	$(BIN)/pytest -n 2 --dist loadgroup

# The fast tier: in-process unit tests (no server, no Chromium, no Java, nothing marked slow),
# for between edits; the pytest plugins only the fuzzers need are not loaded.  `make test` runs all.
FAST := not browser and not server and not java and not slow
test-fast: $(STAMP)  ## the fast tier of the suite (under a minute)
	$(BIN)/pytest -p no:schemathesis -p no:anyio -p no:randomly -q -m "$(FAST)"

bench: $(STAMP) build  ## the benchmark suite (minutes; never part of `make test`)
	$(BIN)/python -m bench

docs: build  ## regenerate generated docs (ontology HTML, diagram)
	$(BIN)/gskg docs

clean:  ## remove dist/ and caches (keeps .venv)
	rm -rf dist .pytest_cache .ruff_cache $(VENV)-latest
