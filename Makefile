# The two commands: `make run` (set up and serve the demo) and `make test` (the whole suite, SQLite and PostgreSQL side by side).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: audit-deps bench run install dev backup-check demo test test-sqlite test-postgres lint format typecheck migrations-check messages lock serve check e2e

# The development setup (editable, with the dev extra): what every target below but `install` needs.
$(VENV)/.dev-installed: pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $@

dev: $(VENV)/.dev-installed
	@bash scripts/ensure-pdf-tools.sh

# Production: the runtime dependencies alone and the project itself, not editable (README, "Production").
install:
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt .
	@rm -f $(VENV)/.dev-installed

run: dev
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Serving on http://127.0.0.1:8000 (Ctrl+C to stop)"
	$(PY) manage.py runserver 127.0.0.1:8000

serve: dev
	$(PY) manage.py runserver 127.0.0.1:8000

demo: dev
	rm -f var/bekal.sqlite3 var/bekal.sqlite3-wal var/bekal.sqlite3-shm
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

test: dev lint typecheck migrations-check check
	@bash scripts/ensure-chromium.sh
	@bash scripts/ensure-axe.sh >/dev/null
	@bash scripts/ensure-postgres.sh >/dev/null
	@bash scripts/ensure-redis.sh
	@# The two databases' suites are independent and each runs on one core: run them side by side, each one's output
	@# printed whole when it ends.
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

check: dev
	$(PY) manage.py check

test-sqlite: dev
	@bash scripts/ensure-chromium.sh
	@bash scripts/ensure-axe.sh >/dev/null
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: dev
	@bash scripts/ensure-chromium.sh
	@bash scripts/ensure-axe.sh >/dev/null
	@bash scripts/ensure-redis.sh
	DATABASE_URL="$$(bash scripts/ensure-postgres.sh)" $(BIN)/pytest $(PYTEST_ARGS)

e2e: dev
	@bash scripts/ensure-chromium.sh
	@bash scripts/ensure-axe.sh >/dev/null
	$(BIN)/pytest -m e2e $(PYTEST_ARGS)

lint: dev
	@command -v xgettext >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext)
	$(PY) scripts/check_messages.py
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(PY) scripts/check_sizes.py --strict
	$(BIN)/ruff format --check .

format: dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: dev
	$(BIN)/mypy

migrations-check: dev
	$(PY) manage.py makemigrations --check --dry-run

# Known vulnerabilities in the pinned dependencies (pip-audit); says plainly, and passes, when the database is offline.
audit-deps: dev
	$(PY) scripts/audit_deps.py

messages: dev
	cd bekal && ../$(PY) ../manage.py makemessages -l id -l en --no-obsolete --no-location
	$(PY) scripts/compile_messages.py

lock: dev
	$(BIN)/pip freeze --exclude-editable | sed '/^bekal/d' > constraints.txt

bench: dev
	bash scripts/bench.sh

# Dump the database, restore it into a scratch database and compare every table's rows; copy the documents to a
# folder and back. Needs a PostgreSQL DATABASE_URL.
backup-check: dev
	$(PY) scripts/backup_check.py
