# One entry point for people and CI: `make run`, `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= 2
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv run test lint typecheck fmt openapi demo bench coverage clean crash-test

venv: $(STAMP)

# Re-installs whenever pyproject.toml changes; the stamp records the last install.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: venv
	$(BIN)/recruitflow migrate
	$(BIN)/recruitflow serve --host $(HOST) --port $(PORT)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: venv
	$(BIN)/mypy --strict service

# On PostgreSQL too when RECRUITFLOW_TEST_PG_URL is set: tests/conftest.py parametrises
# every database fixture over both engines.
test: lint typecheck
	$(BIN)/pytest -n $(PYTEST_WORKERS)

# SIGKILL the real server mid-load, restart it, check nothing acknowledged was lost
# (scripts/crash_test.py); on PostgreSQL too when RECRUITFLOW_TEST_PG_URL is set.
crash-test: venv
	$(BIN)/python -m scripts.crash_test --engine sqlite
	@if [ -n "$$RECRUITFLOW_TEST_PG_URL" ]; then \
		$(BIN)/python -m scripts.crash_test --engine postgresql; \
	else echo "crash-test: RECRUITFLOW_TEST_PG_URL is not set, PostgreSQL skipped"; fi

coverage: venv
	$(BIN)/pytest -n $(PYTEST_WORKERS) --cov --cov-report=term

fmt: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

openapi: venv
	$(BIN)/recruitflow openapi --output openapi/openapi.json
	$(BIN)/recruitflow diagram --readme README.md

demo: venv
	$(BIN)/recruitflow migrate
	$(BIN)/recruitflow demo

bench: venv
	@if [ -x bench/run.sh ]; then bench/run.sh; else echo "no bench/run.sh yet"; fi

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .coverage*
