# The two commands: `make run` (set up and serve the demo) and `make test` (the whole suite, SQLite and PostgreSQL side by side).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: bench run install demo test test-sqlite test-postgres lint format typecheck migrations-check messages lock serve check e2e

$(VENV)/.installed: pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Serving on http://127.0.0.1:8000 (Ctrl+C to stop)"
	$(PY) manage.py runserver 127.0.0.1:8000

serve: install
	$(PY) manage.py runserver 127.0.0.1:8000

demo: install
	rm -f var/bekal.sqlite3 var/bekal.sqlite3-wal var/bekal.sqlite3-shm
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

test: install lint typecheck migrations-check check
	@bash scripts/ensure-chromium.sh
	@bash scripts/ensure-postgres.sh >/dev/null
	@# The two databases' suites are independent and each runs on one core: run them side by side, each one's output
	@# printed whole when it ends.
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

check: install
	$(PY) manage.py check

test-sqlite: install
	@bash scripts/ensure-chromium.sh
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install
	@bash scripts/ensure-chromium.sh
	DATABASE_URL="$$(bash scripts/ensure-postgres.sh)" $(BIN)/pytest $(PYTEST_ARGS)

e2e: install
	@bash scripts/ensure-chromium.sh
	$(BIN)/pytest -m e2e $(PYTEST_ARGS)

lint: install
	@command -v xgettext >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext)
	$(PY) scripts/check_messages.py
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(PY) scripts/check_sizes.py --strict
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: install
	$(BIN)/mypy

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

messages: install
	cd bekal && ../$(PY) ../manage.py makemessages -l id -l en --no-obsolete --no-location
	$(PY) scripts/compile_messages.py

lock: install
	$(BIN)/pip freeze --exclude-editable | sed '/^bekal/d' > constraints.txt

bench: install
	bash scripts/bench.sh
