# The two commands of the quick start:  make demo  and  make test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# Start cloudlet on the embedded SQLite default and run the example app end to end.
demo: $(STAMP)
	$(BIN)/python examples/run.py mafia

# Every test: unit and end to end (real servers on loopback ports).
test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2

lint: $(STAMP)
	$(BIN)/ruff check src tests bench examples
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/runtime_bench.py
	$(BIN)/python bench/dynamodb_bench.py --quick
	$(BIN)/python bench/apigateway_bench.py --quick
	$(BIN)/python bench/events_bench.py --quick
	$(BIN)/python bench/deploy_bench.py
	$(BIN)/python bench/states_bench.py --quick

clean:
	rm -rf $(VENV) .cloudlet
