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

# Every figure of issue 16 in one run beside dynalite, MiniStack, moto and the bare floor
# (bench/run.py --help: --quick, --against REV, --only, --scale). The other bench/*.py run alone.
bench: $(STAMP)
	$(BIN)/python bench/run.py --peers

clean:
	rm -rf $(VENV) .cloudlet
