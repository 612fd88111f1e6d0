# briefgen — `make` builds every brief in sources/ for each of its audiences into output/.
# `make help` lists the targets.
#
# How the incremental build works: `briefgen makefile` writes output/.deps/targets.mk, one rule
# per (brief, audience) whose recipe only records the job in output/.deps/stale; then ONE
# briefgen process builds every recorded job.  `briefgen build --depfiles` writes
# output/.deps/*.d naming each output's real inputs (images, template chain, assets), so Make
# knows exactly what is stale.  Outputs are written atomically by briefgen itself.

PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
BRIEFGEN   := $(BIN)/briefgen
SOURCES    := $(sort $(wildcard sources/*.md))
HANDOUTS   := $(sort $(wildcard handouts/*.yaml))
OUTPUT     := output
DEPDIR     := $(OUTPUT)/.deps
STALE      := $(DEPDIR)/stale
STAMP      := $(VENV)/.installed

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.PHONY: all briefs pdf docx check test handout previews bench fuzz watch verify clean help templates

all: $(STAMP) $(DEPDIR)/targets.mk ## build every brief for each of its audiences (PDF and DOCX), only what changed
	@$(MAKE) --no-print-directory briefs

ifneq ($(filter briefs,$(MAKECMDGOALS)),)
include $(DEPDIR)/targets.mk
-include $(wildcard $(DEPDIR)/*.d)
endif

briefs: $(BRIEF_TARGETS)
	@if [ -s $(STALE) ]; then \
	  mv $(STALE) $(STALE).run; \
	  $(BRIEFGEN) build --jobs-file $(STALE).run --output $(OUTPUT) --depfiles; status=$$?; \
	  rm -f $(STALE).run; exit $$status; \
	else echo "briefgen: everything in $(OUTPUT)/ is up to date"; fi

$(DEPDIR)/targets.mk: $(SOURCES) $(wildcard templates/*.yaml) | $(STAMP)
	@mkdir -p $(DEPDIR)
	$(BRIEFGEN) makefile $(SOURCES) --output $(OUTPUT) > $@.tmp && mv $@.tmp $@

pdf: $(STAMP) ## build only the PDF files (everything, not incremental)
	$(BRIEFGEN) build $(SOURCES) --output $(OUTPUT) --format pdf

docx: $(STAMP) ## build only the DOCX files (everything, not incremental)
	$(BRIEFGEN) build $(SOURCES) --output $(OUTPUT) --format docx

check: $(STAMP) ## check every brief against its audiences' templates (writes nothing)
	$(BRIEFGEN) check $(SOURCES)

handout: $(STAMP) ## write stamped per-recipient copies for every list in handouts/
	$(BRIEFGEN) handout $(HANDOUTS) --output $(OUTPUT)

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
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 18
