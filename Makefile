# PQ Tracker. `make run` and `make test` work on a fresh clone: they install what they need.
SHELL := /bin/bash
# Another Python: make test PYTHON=python3.13 VENV=.venv313 (a venv of its own per version).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CSS := static/build/application.css
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_WORKERS ?= 2

.PHONY: help install run worker test lint format bench migrate seed clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(PY_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(CSS): $(NODE_STAMP) $(wildcard static/scss/*.scss)
	npm run --silent build:css

install: $(PY_STAMP) $(NODE_STAMP) $(CSS) ## Python venv in .venv, npm packages, compiled CSS

migrate: install ## Apply database migrations
	$(BIN)/python manage.py migrate --noinput

seed: migrate ## Load the demo data (idempotent)
	$(BIN)/python manage.py seed_demo

run: migrate ## Install, migrate, seed demo data once, serve http://localhost:8000 with a background worker
	@$(BIN)/python manage.py seed_demo --quiet-if-seeded --serving
	@echo ""
	@echo "PQ Tracker: http://localhost:$(PORT)"
	@echo "Sign in as pq_team, drafter, clearer, clerk or viewer (one per role), or admin for /admin/,"
	@echo "with the demo password: $${DEMO_PASSWORD:-pq-tracker-demo-only}"
	@echo "Starting the background worker (Celery with beat) and the web server..."
	@trap 'kill $$(jobs -p) 2>/dev/null' EXIT; \
	  $(BIN)/celery -A pqtracker worker --beat --loglevel=INFO --concurrency=2 \
	    --schedule=var/celerybeat-schedule > var/worker.log 2>&1 & \
	  echo "Worker log: var/worker.log"; \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: install ## Run only the background worker with beat (foreground)
	$(BIN)/celery -A pqtracker worker --beat --loglevel=INFO --schedule=var/celerybeat-schedule

test: install ## Install and run every test (set DATABASE_URL / REDIS_URL for PostgreSQL / Redis)
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run > /dev/null
	@# Two test processes (pytest-xdist), one a core. Connections close after each request, as
	@# in the embedded mode: a kept one in a live server's thread would block the test database's
	@# teardown on PostgreSQL. worksteal: the slowest tests (browser journeys, benchmarks run end to
	@# end) come last, as pytest-django runs transactional and database-free tests after the rest,
	@# and an idle process then takes work queued for the busy one instead of waiting for it.
	DB_CONN_MAX_AGE=$${DB_CONN_MAX_AGE:-0} $(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal

lint: install ## ruff, mypy, and import-linter (the app layers: docs/adr/0004-app-layers.md)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy pqtracker
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install ## Benchmarks on SQLite, and on PostgreSQL too with BENCH_POSTGRES=postgres://…/postgres
	@set -e; for script in bench/*_bench.py; do \
	  echo "# $$script (SQLite)"; $(BIN)/python "$$script" $(BENCH_ARGS); \
	  if [ -n "$(BENCH_POSTGRES)" ]; then \
	    echo "# $$script (PostgreSQL)"; $(BIN)/python "$$script" --postgres "$(BENCH_POSTGRES)" $(BENCH_ARGS); \
	  fi; \
	done

clean: ## Remove installed packages and local data
	rm -rf $(VENV) .venv313 node_modules static/build staticfiles var
