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

# The console's browser tests drive Debian's Chromium and its driver (as root, or with sudo).
BROWSER := /usr/bin/chromedriver
$(BROWSER):
	command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  $$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver; }

setup: $(STAMP) $(BROWSER)

# Start cloudlet on the embedded SQLite default and run the example app end to end.
demo: $(STAMP)
	$(BIN)/python examples/run.py mafia

# Every test: unit and end to end (real servers on loopback ports).
test: $(STAMP) $(BROWSER)
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
