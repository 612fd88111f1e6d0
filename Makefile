# briefgen — `make` builds every brief in sources/ for each of its audiences into output/.
# `make help` lists the targets.

PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
BRIEFGEN   := $(BIN)/briefgen
SOURCES    := $(sort $(wildcard sources/*.md))
OUTPUT     := output
STAMP      := $(VENV)/.installed

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.PHONY: all pdf docx test help clean templates

all: $(STAMP) ## build every brief for each of its audiences (PDF and DOCX) into output/
	$(BRIEFGEN) build $(SOURCES) --output $(OUTPUT)

pdf: $(STAMP) ## build only the PDF files
	$(BRIEFGEN) build $(SOURCES) --output $(OUTPUT) --format pdf

docx: $(STAMP) ## build only the DOCX files
	$(BRIEFGEN) build $(SOURCES) --output $(OUTPUT) --format docx

test: $(STAMP) ## run the whole test suite (pytest)
	$(BIN)/pytest -q

templates: $(STAMP) ## list the templates with their descriptions
	$(BRIEFGEN) templates

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

clean: ## remove everything builds wrote (keeps .venv)
	find $(OUTPUT) -mindepth 1 ! -name .gitkeep -exec rm -rf {} +

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 20
