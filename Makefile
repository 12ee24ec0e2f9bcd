# `make run`: set up and serve the portal with demo data (SQLite, tasks in-process).
# `make test`: the whole check suite (lint, migrations, deploy check, tests, browser tests).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run setup test lint messages check-system check-system-tests test-tools clean

run: setup
	$(PY) manage.py seed_demo
	@echo "Serving on http://localhost:$(PORT)/ (outgoing email is printed here)"
	$(PY) manage.py runserver $(PORT)

setup: check-system $(VENV)/.runtime messages
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

test: check-system-tests $(VENV)/.dev test-tools messages lint
# Against an empty database of its own: the check reads the models, and needs no server.
	DATABASE_URL=sqlite://:memory: $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=accelerate.settings.production ALLOWED_HOSTS=portal.example.org \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	ANSWER_ENCRYPTION_KEYS="$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
	$(PY) manage.py check --deploy --fail-level WARNING
	$(VENV)/bin/pytest --cov --cov-report=term-missing:skip-covered
# SQLite's fallbacks (`make run`), left out of the run above when it is on PostgreSQL.
	DATABASE_URL=sqlite://:memory: $(VENV)/bin/pytest -m sqlite -p no:cacheprovider

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache --no-logo

messages: $(VENV)/.runtime
	$(PY) manage.py compilemessages --ignore=$(VENV) --ignore=var -v0

check-system:
	@$(PYTHON) scripts/check_system.py

check-system-tests:
	@$(PYTHON) scripts/check_system.py --tests

$(VENV)/.runtime: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

# The Nu HTML checker that the browser tests run (vnu.jar, pinned in package-lock.json). Its
# install script would fetch a Java runtime of its own; the machine's Java runs it instead.
test-tools: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

clean:
	rm -rf $(VENV) var node_modules
