# `make verify` and `make test` create .venv when it is missing, install ssmcheck into it
# (editable, with the test extra) and run; later runs reuse .venv and reinstall only when
# setup.cfg or pyproject.toml changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: verify verify-full test figures clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

verify: $(STAMP)
	$(BIN)/python -m verify --tier quick

verify-full: $(STAMP)
	$(BIN)/python -m verify --tier full --workers 2

test: $(STAMP)
	$(BIN)/python -m pytest

figures: $(STAMP)
	$(BIN)/python -m figures

clean:
	rm -rf out .pytest_cache .hypothesis
