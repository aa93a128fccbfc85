# Two commands do all set-up on a fresh machine:
#   make ask        answers "When is the next Ofsted visit?" from documents/ (builds the index on first use)
#   make test       runs the test suite
# Both create .venv and install the project into it first (once; again when pyproject.toml changes).
# Generated tables (today index/text/ordinary_words.py):
#   make words        regenerates them from the bundled model and Debian's wbritish word list
#   make words-check  fails, showing what would change, when one is stale (the suite checks too)

PYTHON ?= python3
VENV ?= .venv
Q ?= When is the next Ofsted visit?
BIN := $(VENV)/bin
# The dictionary scripts/ordinary_words.py reads. It comes from Debian rather than PyPI: the
# committed table was made from it, and the English word lists on PyPI would change 386 to 625
# of its 2,077 words. make test needs it too, so that the suite's staleness check runs (never skips).
WORD_LIST := /usr/share/dict/british-english

.PHONY: ask test install words words-check

$(BIN)/inspection-bot: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# torch first, pinned: 2.13.0 is the CPU build; anything else pulls GBs of CUDA packages.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/inspection-bot

$(WORD_LIST):
	@echo "$@ is missing: installing Debian's wbritish (apt-get, as root)"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wbritish

words: $(BIN)/inspection-bot $(WORD_LIST)
	PYTHONPATH=$(CURDIR) $(BIN)/python -m scripts.ordinary_words

words-check: $(BIN)/inspection-bot $(WORD_LIST)
	PYTHONPATH=$(CURDIR) $(BIN)/python -m scripts.ordinary_words --check

ask: $(BIN)/inspection-bot
	$(BIN)/inspection-bot ask "$(Q)"

test: $(BIN)/inspection-bot $(WORD_LIST)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest
