# Two commands on a fresh clone: `make serve` and `make test`. Everything else follows from them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PYTHONPATH := $(CURDIR)/hooks
# Dates MkDocs writes (sitemap lastmod, its gzip header) come from the last commit, not the clock,
# so two builds of one commit are byte-identical (tests/test_determinism.py).
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif
# We pin mkdocs<2 on purpose (see requirements.txt); the theme's banner about MkDocs 2 adds nothing here.
export NO_MKDOCS_2_WARNING := 1
STAMP := $(VENV)/.installed
# The Zensical edition (`make build-zensical`) has its own venv: a separate toolchain, locked apart.
ZVENV := .venv-zensical
ZBIN := $(ZVENV)/bin
ZSTAMP := $(ZVENV)/.installed
# `make lock`'s compiler, installed on demand into its own venv; pinned so that two refreshes on
# different machines write the same lock for the same index.
LOCK_TOOLS := .venv-lock
UV_VERSION := 0.13.9
# The locks hold every package for every platform and Python from the lowest supported one up
# (3.11.5: pymdown-extensions 13 needs it); one lock serves editors, CI's matrix and Pages.
LOCK_FLAGS := --universal --python-version 3.11.5 --generate-hashes --upgrade --quiet \
	--custom-compile-command "make lock"

.PHONY: serve build check test test-zensical lint note import bench clean lock build-zensical serve-zensical prepare-zensical

# --require-hashes: every package, direct or transitive, must match a hash in the lock, so two
# installs months apart (or on CI) get the same bytes.
$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	touch $(STAMP)

$(ZSTAMP): requirements-zensical.txt
	$(PYTHON) -m venv $(ZVENV)
	$(ZBIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-zensical.txt
	touch $(ZSTAMP)

lock: ## refresh the hashed locks (requirements*.txt) from requirements*.in, newest allowed versions
	$(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(LOCK_TOOLS)/bin/uv pip compile $(LOCK_FLAGS) requirements.in -o requirements.txt
	$(LOCK_TOOLS)/bin/uv pip compile $(LOCK_FLAGS) requirements-zensical.in -o requirements-zensical.txt
	$(LOCK_TOOLS)/bin/uv pip compile $(LOCK_FLAGS) requirements-properdocs.in -o requirements-properdocs.txt

serve: $(STAMP) ## build and serve at http://127.0.0.1:8000 with live reload of docs/, seeds/, annotations/
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: $(STAMP) ## strict build into site/
	$(BIN)/mkdocs build --strict --clean

check: $(STAMP) ## validate annotations/ without building
	$(BIN)/python -m marginalia check

# The recipe reads the passage from the environment ("$$QUOTE"; make exports command-line variables),
# not pasted into the shell command by make, so quotation marks and backticks in a passage reach the CLI intact.
note: $(STAMP) ## print a YAML stub for a new note: make note QUOTE="passage" [OCCURRENCE=n] [ID=slug] [OUT=notes.yml to append to]
	@$(BIN)/python -m marginalia note "$$QUOTE" $(if $(OCCURRENCE),--occurrence "$(OCCURRENCE)") $(if $(ID),--id "$(ID)") $(if $(OUT),--append "$(OUT)")

import: $(STAMP) ## notes YAML from W3C Web Annotations (e.g. a Hypothesis export): make import FILE=export.jsonld [TEXT=id] [OUT=notes.yml]
	$(BIN)/python -m marginalia import "$(FILE)" $(if $(TEXT),--text "$(TEXT)") $(if $(OUT),--out "$(OUT)")

# The Zensical venv too: tests/test_zensical.py builds the edition with it and compares the builds.
test: lint $(ZSTAMP) ## lint, then unit, build and browser tests
	$(BIN)/python -m pytest

# The browser tests again, on the Zensical build (tests/browser/conftest.py reads EDITION_GENERATOR).
test-zensical: $(STAMP) $(ZSTAMP) ## browser tests against the Zensical build
	EDITION_GENERATOR=zensical $(BIN)/python -m pytest tests/browser

# ruff (rules in pyproject.toml) on all Python; mypy --strict on the engine and the MkDocs adapter.
lint: $(STAMP) ## style and type checks alone
	$(BIN)/ruff check .
	cd hooks && ../$(BIN)/mypy

# The engine's figures, then the margin layout measured in each browser engine that is installed.
bench: $(STAMP) ## performance figures (never part of make test)
	$(BIN)/python -m bench
	$(BIN)/python tests/browser/layout_figures.py

# Zensical ignores `hooks:`, so the engine's generated pages are prepared first, into a copy of
# docs/ under build/zensical/ (docs/ in the repository stays clean), with a Zensical config
# derived from mkdocs.yml; the build is then finished like MkDocs' (page fixes, CSP, minifying).
ZPROJECT := build/zensical
ZSITE := site-zensical
prepare-zensical: $(ZSTAMP)
	$(ZBIN)/python -m marginalia prepare --out $(ZPROJECT)/docs
	$(ZBIN)/python -m marginalia_zensical config --project $(ZPROJECT)

build-zensical: prepare-zensical ## build the same edition with Zensical into site-zensical/
	$(ZBIN)/zensical build --clean --config-file $(ZPROJECT)/mkdocs.yml
	$(ZBIN)/python -m marginalia_zensical finish --project $(ZPROJECT) --site $(ZSITE)

# Serves Zensical's own output: no Content Security Policy or minifying (they run after a build).
serve-zensical: prepare-zensical ## serve the Zensical edition at http://127.0.0.1:8001 (data edits show on reload)
	$(ZBIN)/zensical serve --config-file $(ZPROJECT)/mkdocs.yml --dev-addr 127.0.0.1:8001

clean:
	rm -rf site $(ZSITE) $(ZPROJECT) .pytest_cache
