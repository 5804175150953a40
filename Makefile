# The two commands a fresh machine needs: `make demo` and `make test`.
# Each makes the virtualenv and installs what it needs on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-fast browser gazetteer bench clean

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,build]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/geoincidents demo

# Debian's Chromium for the browser tests (tests/browser); never a downloaded browser.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "No /usr/bin/chromium and not root: browser tests will be skipped (sudo apt-get install chromium)"; fi

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser"

gazetteer: $(STAMP)
	$(BIN)/python gazetteer/build_places.py

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_resolve.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
