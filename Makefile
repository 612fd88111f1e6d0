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
.PHONY: all briefs pdf docx check test handout previews bench profile fuzz watch verify clean help templates golden

all: $(STAMP) $(DEPDIR)/targets.mk ## build every brief for each of its audiences (PDF and DOCX), only what changed
	@$(MAKE) --no-print-directory briefs

ifneq ($(filter briefs,$(MAKECMDGOALS)),)
include $(DEPDIR)/targets.mk
-include $(wildcard $(DEPDIR)/*.d)
# briefgen's own code is an input of every output too: a changed writer rebuilds them all.
CODE := $(wildcard briefgen/*.py briefgen/*/*.py)
$(filter-out $(DEPDIR)/broken-%,$(BRIEF_TARGETS)): $(CODE)
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

watch: $(STAMP) ## rebuild a brief's outputs whenever it or its inputs change (Ctrl-C stops)
	$(BRIEFGEN) watch $(SOURCES) --output $(OUTPUT)

verify: $(STAMP) ## rebuild everything into a temporary folder and compare hashes with output/
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(BRIEFGEN) build $(SOURCES) --output "$$tmp" --quiet && \
	( cd "$$tmp" && find . -maxdepth 1 -type f \( -name '*.pdf' -o -name '*.docx' \) | sort | xargs sha256sum ) > "$$tmp/.sums" && \
	( cd $(OUTPUT) && sha256sum --check --quiet "$$tmp/.sums" ) && \
	echo "verify: output/ matches a fresh build byte for byte ($$(wc -l < "$$tmp/.sums") files)"

clean: ## remove everything builds wrote (keeps .venv)
	find $(OUTPUT) -mindepth 1 ! -name .gitkeep -exec rm -rf {} +

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 18

PREVIEW_BRIEF := sources/pact-legal-analysis.md
TEMPLATE_NAMES = $(basename $(notdir $(wildcard templates/*.yaml)))

previews: $(STAMP) ## render page 1 of every template's PDF of an example brief to docs/previews/*.png
	@mkdir -p docs/previews
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	for t in $(TEMPLATE_NAMES); do \
	  $(BRIEFGEN) build $(PREVIEW_BRIEF) --template $$t --format pdf --output "$$tmp" --quiet || exit 1; \
	  pdftoppm -r 60 -f 1 -l 1 -singlefile -png "$$tmp/$$(basename $(PREVIEW_BRIEF) .md)-$$t.pdf" docs/previews/$$t || exit 1; \
	  echo "wrote docs/previews/$$t.png"; \
	done

golden: $(STAMP) ## rewrite the golden snapshots in tests/golden/ after a deliberate change
	BRIEFGEN_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py

bench: $(STAMP) ## whole-process speed and memory next to pandoc and pandoc→Typst; writes docs/bench.md
	$(BIN)/python tools/bench.py

profile: $(STAMP) ## cProfile of one cold build (imports, fonts opened) under output/profile/
	$(BIN)/python tools/profile.py

fuzz: $(STAMP) ## run the long fuzzing profile (thousands of random briefs through both writers)
	HYPOTHESIS_PROFILE=long $(BIN)/pytest -q tests/test_fuzz.py
