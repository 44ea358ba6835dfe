# The README's two commands are `make run` and `make test`. Both bootstrap what they need:
# a pinned uv in .tools/, then .venv from uv.lock (a second run only checks that it is current).

PYTHON_VERSION := $(shell cat .python-version)
PYTHON ?= $(shell command -v python$(PYTHON_VERSION) || command -v python3)
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.synced-$(UV_VERSION)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test lint types check-python sync clean bench eval help browser
.DEFAULT_GOAL := help

help:
	@echo "make run    run the bot on embedded defaults (playground when BOT_TOKEN is unset)"
	@echo "make test   lint, type checks and the whole test suite"
	@echo "make bench  the benchmarks (they print figures; see docs/benchmarks.md)"
	@echo "make eval   search and CV matching on the readers' judgments (../shared/judgments; docs/search.md)"

check-python:
	@$(PYTHON) -c 'import sys; want = "$(PYTHON_VERSION)"; have = "%d.%d" % sys.version_info[:2]; \
	sys.exit(0 if have == want else "Python " + want + " is required (.python-version); found " + have + " at $(PYTHON)")'

$(UV): .python-version
	@$(MAKE) --no-print-directory check-python
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	@touch $(UV)

# --compile-bytecode: the packages' .pyc files are written once here. Where PYTHONDONTWRITEBYTECODE is set (it is
# on this machine) Python would otherwise compile aiogram and the rest again in every process: 9 s for each
# `python -m bot` and each CV worker, instead of under one.
$(STAMP): $(UV) uv.lock pyproject.toml Makefile
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	@rm -f $(VENV)/.synced-*
	@touch $(STAMP)

sync: check-python $(STAMP)

run: sync
	$(PY) -m bot run

lint: sync
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: sync
	$(VENV)/bin/mypy bot handlers dialogs services db scheduler locales

# The admin page's browser test drives Debian's chromium through Debian's chromedriver (no browser download).
# Installed once, as root or through sudo.
BROWSER := /usr/bin/chromium /usr/bin/chromedriver
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
$(BROWSER):
	@command -v apt-get >/dev/null || { echo "the browser test needs Debian's chromium and chromium-driver"; exit 1; }
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium chromium-driver

browser: $(BROWSER)

# The test fixtures start what the suite needs: Redis when 127.0.0.1:6379 does not answer, and the
# embedded PostgreSQL with pgvector. pytest exits 5 when it ran no test; make fails on any non-zero exit.
test: lint types browser
	$(PY) -m pytest $(PYTEST_ARGS)

bench: sync
	$(PY) -m tests.benchmarks

# Search and CV matching on the readers' judgments in ../shared/judgments, BM25 computed in the same run, with the
# held-out figures of the fitted weights (about 3 minutes).
eval: sync
	$(PY) -m tests.eval $(EVAL_ARGS)

clean:
	rm -rf $(VENV) $(TOOLS) .mypy_cache .ruff_cache .pytest_cache
