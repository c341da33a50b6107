# `make play` and `make test` bootstrap .venv with the machine's python3 on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: play test lint check bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	# setuptools warns that content/ is mapped into the package; that mapping is on purpose
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

play: $(STAMP)
	$(BIN)/tnt play

lint: $(STAMP)
	$(BIN)/ruff check game tests bench
	$(BIN)/ruff format --check game tests bench
	$(BIN)/mypy

# four workers on two cores: many tests wait on a child process or a terminal, and the extra
# workers fill those waits (measured on 2 cores: -n 2 96 s, -n 3 84 s, -n 4 75-83 s wall)
test: lint
	$(BIN)/python -m pytest -q -n 4

check: $(STAMP)
	$(BIN)/tnt check

bench: $(STAMP)
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/analysis.py
	$(BIN)/python bench/startup.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
