# Socialwise. `make help` lists the targets.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
# `make test` on PostgreSQL (DATABASE_URL=postgres://…, as .ci/run sets it): pytest-xdist processes, one per core (at
# most 4), each with its own test database and browser; TEST_WORKERS=0 runs it in one process. On SQLite as many
# processes, each a share of the test files (tests/shards.py; docs/testing.md).
TEST_WORKERS ?= auto
XDIST = $(if $(filter postgres://% postgresql://%,$(DATABASE_URL)),-n $(TEST_WORKERS) --maxprocesses 4 --dist loadfile --no-loadscope-reorder)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.DEFAULT_GOAL := help
.PHONY: help install run migrate seed serve test lint format worker beat bench audit clean clean-test-templates

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-test.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)."; exit 1; }
	@echo "Installing the pinned dependencies into $(VENV) (first run only, a few minutes)."
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned dependencies

migrate: install ## Apply database migrations
	@mkdir -p var
	@$(MANAGE) migrate --noinput -v 0 && echo "Database migrated."

seed: migrate ## Load the demo content (idempotent)
	@$(MANAGE) seed_demo --summary

run: seed ## Install, migrate, load the demo and serve on http://127.0.0.1:8000 (another port: make run PORT=8010)
	@$(MANAGE) demo_accounts --url http://127.0.0.1:$(PORT)
	@$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install ## Run the whole test suite (on PostgreSQL one process per core; services and browser tests skip locally when missing)
	$(if $(XDIST),$(BIN)/python -m pytest $(XDIST),TEST_WORKERS=$(TEST_WORKERS) $(BIN)/python -m tests.shards)

lint: install ## Format check, lint, Django checks and missing migrations
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

format: install ## Format and fix imports
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker: install ## Start a Celery worker (needs REDIS_URL)
	$(BIN)/celery -A socialwise worker --loglevel=info

beat: install ## Start Celery beat, the scheduler of periodic jobs (needs REDIS_URL)
	$(BIN)/celery -A socialwise beat --loglevel=info

bench: install ## Benchmarks (DATABASE_URL=postgres://…/scratch: dropped and recreated, only if a benchmark made it or it is new/empty); prints a table, writes bench/results.json
	$(BIN)/pip install -q -r requirements-bench.txt
	$(BIN)/python -m bench.run

audit: ## Check every pinned package against the Python vulnerability database (pip-audit; needs network)
	test -d .venv-audit || $(PYTHON) -m venv .venv-audit
	.venv-audit/bin/pip install --quiet -r requirements-audit.txt
	.venv-audit/bin/pip-audit --strict --no-deps --disable-pip --progress-spinner off \
		-r requirements-test.txt -r requirements-bench.txt

clean-test-templates: install ## Drop the migrated template databases the suite keeps on PostgreSQL (tests/db_template.py)
	$(BIN)/python -m tests.db_template

clean: ## Remove the virtualenv and local data under var/
	rm -rf $(VENV) .venv-audit var/*.sqlite3* var/cache var/media var/static
