# Two commands on a fresh machine with Python, git and make:
#   make run    set everything up, open the app on your register (asks how to start when empty)
#   make test   set everything up, run the whole test suite and the static checks
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages the tests need: a PostgreSQL server (initdb/pg_ctl), LibreOffice
# to open exported workbooks and its Python bridge (python3-uno, for the system
# python3 that edits them as a reviewer would, tests/lo_calc.py), poppler to render
# PDF pages, the runtime libraries Qt needs offscreen, and fonts.
DEBS := postgresql libreoffice-calc-nogui python3-uno poppler-utils libegl1 libgl1 \
        libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint setup system-deps bench exports screenshots clean

$(STAMP): pyproject.toml
	@# Debian and Ubuntu ship venv's pip bootstrap separately (python3-venv).
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { echo "Installing python3-venv"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

system-deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

run: $(STAMP)
	$(BIN)/ropa-desktop

test: system-deps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	$(MAKE) lint

lint: $(STAMP)
	$(BIN)/ruff check ropa_desktop tests $(wildcard bench)
	$(BIN)/ruff format --check ropa_desktop tests $(wildcard bench)
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

exports: $(STAMP)
	$(BIN)/python -m ropa_desktop.sample_exports

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m ropa_desktop.ui.screenshots docs/screenshots

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache
