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

.PHONY: serve build check test lint note import bench clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

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

test: lint ## lint, then unit, build and browser tests
	$(BIN)/python -m pytest

# ruff (rules in pyproject.toml) on all Python; mypy --strict on the engine and the MkDocs adapter.
lint: $(STAMP) ## style and type checks alone
	$(BIN)/ruff check .
	cd hooks && ../$(BIN)/mypy

bench: $(STAMP) ## performance figures (never part of make test)
	$(BIN)/python -m bench

clean:
	rm -rf site .pytest_cache
