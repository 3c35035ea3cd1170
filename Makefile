# The README's two commands are `make run` and `make test`; the other targets are for working on Copse.

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The first interpreter on PATH that is Python 3.11 or newer.
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; \
	then echo $$p; break; fi; done)
# Lint loads settings without DEBUG; these are the least it needs.
LINT_ENV := SECRET_KEY=lint COPSE_STATIC_FROM_SOURCE=true
PYTHON_PATHS := copse benchmarks conftest.py
PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: venv run test lint format bench screenshots lock

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@if [ ! -x $(PY) ]; then \
		if [ -z "$(PYTHON)" ]; then echo "Copse needs Python 3.11 or newer on PATH (python3 --version)." >&2; exit 1; fi; \
		echo "Creating $(VENV) with $$($(PYTHON) --version)"; \
		$(PYTHON) -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

run: venv
	bin/run-demo

test: venv
	@if command -v npm >/dev/null 2>&1; then \
		if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
			npm ci --no-audit --no-fund; \
		fi; \
	else \
		echo "npm not found: the accessibility checks (axe-core) will be skipped."; \
	fi
	@status=0; $(PY) -m pytest $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest ran no tests." >&2; exit 1; fi; \
	exit $$status

lint: venv
	$(VENV)/bin/ruff format --check $(PYTHON_PATHS)
	$(VENV)/bin/ruff check $(PYTHON_PATHS)
	$(LINT_ENV) $(VENV)/bin/mypy copse
	$(LINT_ENV) $(PY) manage.py makemigrations --check --dry-run

format: venv
	$(VENV)/bin/ruff format $(PYTHON_PATHS)
	$(VENV)/bin/ruff check --fix $(PYTHON_PATHS)

bench: venv
	$(PY) benchmarks/run.py $(BENCH_ARGS)

# Needs a running demo (make run); pages at 1280 and 390 px wide, as each persona, into var/screenshots/.
screenshots: venv
	$(PY) bin/screenshots $(SCREENSHOT_ARGS)

# Re-pin every package to what the virtualenv has now (after changing pyproject.toml's dependencies).
lock: venv
	@{ sed -n '/^#/p' requirements.lock; $(PY) -m pip freeze --exclude-editable; } > requirements.lock.new
	@mv requirements.lock.new requirements.lock
	@touch $(STAMP)
	@echo "requirements.lock updated."
