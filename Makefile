# Portail SPST — two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test install migrate demo lint bench

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 est requis ($(PYTHON) introuvable)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Bootstrap uv with pip; fall back to plain pip if uv cannot be installed.
$(VENV)/.installed: requirements.lock $(VENV)/bin/python
	@if $(VENV)/bin/pip install -q uv >/dev/null 2>&1; then \
		$(VENV)/bin/uv pip sync -q --python $(PY) requirements.lock; \
	else \
		$(VENV)/bin/pip install -q -r requirements.lock; \
	fi
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput -v0

demo: migrate
	$(PY) manage.py demo_data --if-empty

run: demo
	@echo "Portail disponible sur http://$(HOST):$(PORT)/"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	@test -x /usr/bin/chromium || echo "NOTE : chromium absent (/usr/bin/chromium) — les tests navigateur seront ignorés (skipped)."
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

bench: install
	$(PY) -m bench.run
