# Two commands do all set-up on a fresh machine:
#   make ask        answers "When is the next Ofsted visit?" from documents/ (builds the index on first use)
#   make test       runs the test suite
# Both create .venv and install the project into it first (once; again when pyproject.toml changes).

PYTHON ?= python3
VENV ?= .venv
Q ?= When is the next Ofsted visit?
BIN := $(VENV)/bin

.PHONY: ask test install

$(BIN)/inspection-bot: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# torch first, pinned: 2.13.0 is the CPU build; anything else pulls GBs of CUDA packages.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/inspection-bot

ask: $(BIN)/inspection-bot
	$(BIN)/inspection-bot ask "$(Q)"

test: $(BIN)/inspection-bot
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest
