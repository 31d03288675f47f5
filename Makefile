# One entry point for people and CI: `make run`, `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Exact versions with hashes, written by `make lock`: the venv installs dev.lock, the image main.lock.
DEV_LOCK := requirements/dev.lock
MAIN_LOCK := requirements/main.lock
PYTEST_WORKERS ?= 2
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv lock run test lint typecheck fmt openapi demo bench clean crash-test

venv: $(STAMP)

# Re-installs whenever the lock or pyproject.toml changes; the stamp records the last install.
# The project itself goes in without dependencies and without build isolation, so the build
# backend is the locked setuptools too; nothing is resolved at install time. `pip check` fails
# when pyproject.toml asks for something the lock lacks (run `make lock`).
$(STAMP): $(DEV_LOCK) pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	@touch $(STAMP)

# Refreshes both locks from pyproject.toml to the newest versions it allows (LOCK_UPGRADE= keeps
# the current pins where they still fit). Resolved against PyPI alone, whatever mirrors this
# machine's pip is configured with, so the hashes are PyPI's; the runtime lock is constrained
# by the dev lock, so the image runs the versions the tests ran.
LOCK_UPGRADE ?= --upgrade
PIP_COMPILE = env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL \
	PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet \
	--generate-hashes --allow-unsafe --all-build-deps --strip-extras \
	--no-emit-index-url --no-emit-find-links $(LOCK_UPGRADE)
lock: venv
	$(PIP_COMPILE) --extra dev --extra bench -o $(DEV_LOCK) pyproject.toml
	$(PIP_COMPILE) -c $(DEV_LOCK) -o $(MAIN_LOCK) pyproject.toml

run: venv
	$(BIN)/recruitflow migrate
	$(BIN)/recruitflow serve --host $(HOST) --port $(PORT)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: venv
	$(BIN)/mypy --strict service tests scripts bench

# On PostgreSQL too when RECRUITFLOW_TEST_PG_URL is set: tests/conftest.py parametrises
# every database fixture over both engines, and those runs carry the `pg` marker. Everything
# else runs first, under coverage (the server processes the e2e tests start included; below
# the floor, [tool.coverage.report] fail_under in pyproject.toml, it fails); then the `pg`
# runs, the same tests again on the other engine, without the tracer's cost.
test: lint typecheck
	$(BIN)/pytest -n $(PYTEST_WORKERS) --cov -m "not pg"
	@if [ -n "$$RECRUITFLOW_TEST_PG_URL" ]; then \
		$(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cov -m pg; \
	else echo "test: RECRUITFLOW_TEST_PG_URL is not set, the PostgreSQL runs skipped"; fi

# SIGKILL the real server mid-load, restart it, check nothing acknowledged was lost
# (scripts/crash_test.py); on PostgreSQL too when RECRUITFLOW_TEST_PG_URL is set.
crash-test: venv
	$(BIN)/python -m scripts.crash_test --engine sqlite
	@if [ -n "$$RECRUITFLOW_TEST_PG_URL" ]; then \
		$(BIN)/python -m scripts.crash_test --engine postgresql; \
	else echo "crash-test: RECRUITFLOW_TEST_PG_URL is not set, PostgreSQL skipped"; fi

fmt: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

openapi: venv
	$(BIN)/recruitflow openapi --output openapi/openapi.json
	$(BIN)/recruitflow diagram --readme README.md

demo: venv
	$(BIN)/recruitflow migrate
	$(BIN)/recruitflow demo

# A short run: make bench BENCH_ARGS="--rounds 1 --seconds 5" BENCH_HISTORY_EVENTS=0
bench: venv
	bench/run.sh $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .coverage* htmlcov
