# Portail SPST — two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test install migrate demo lint check bench bench-journey backup restore guide

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
	@LOG_LEVEL=ERROR $(PY) manage.py demo_data --if-empty

# DEBUG off: the pages a member meets (404, 403, 500) are the service's French ones, not Django's debug page;
# tracebacks still go to the console. `make run DJANGO_DEBUG=true` brings the debug page back. The server prints
# the address it really listens on, once it listens.
DJANGO_DEBUG ?= false
run: demo
	@DJANGO_DEBUG=$(DJANGO_DEBUG) $(PY) manage.py runserver $(HOST):$(PORT)

# Browser journeys need Debian's chromium and axe-core. axe-core comes from package-lock.json when npm is
# there; only when it is missing, so that a lock file's newer date never wipes node_modules under a run.
CHROMIUM_PATH ?= /usr/bin/chromium
AXE := node_modules/axe-core/axe.min.js

$(AXE):
	@if command -v npm >/dev/null 2>&1; then \
		echo "Installation d'axe-core pour les tests navigateur (npm ci, d'après package-lock.json)…"; \
		npm ci --no-audit --no-fund --silent || echo "ÉCHEC de npm ci : axe-core n'est pas installé."; \
	fi

test: install $(AXE)
	@missing=""; \
	test -x "$(CHROMIUM_PATH)" || missing="chromium absent ($(CHROMIUM_PATH) : apt-get install chromium)"; \
	test -f $(AXE) || missing="$${missing:+$$missing ; }axe-core absent ($(AXE) : installez npm, puis relancez make test)"; \
	if [ -n "$$missing" ]; then \
		echo "**********************************************************************************"; \
		echo "ATTENTION : les parcours navigateur (e2e/) seront IGNORÉS, donc non vérifiés."; \
		echo "Raison : $$missing."; \
		echo "**********************************************************************************"; \
	fi
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

# The gate: lint, types (strict on followup, dsn, services and selectors), import contracts and the inventories
# that fail when a model escapes the freshness or tenancy rules.
check: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q -p no:randomly portail/core/tests/test_inventory_*.py portail/core/tests/test_import_contracts.py

# Pages : trafic mêlé d'adhérents (locust, 1 000 adhérents et leurs sessions, vues froides et chaudes, taux de
# succès du cache) sur le niveau BENCH_TIER généré, gunicorn 2 workers et la charge sur les mêmes 2 cœurs ;
# puis le CPU de chaque page vue juste après une écriture (seuil : 20 ms). BENCH_ARGS pour le reste
# (« --rate 0 » : sans pause, « --members 2000 », « --skip-login »). Voir README, « Performances ».
BENCH_TIER ?= L
BENCH_ARGS ?=
bench: install
	$(PY) -m bench.run --tier $(BENCH_TIER) $(BENCH_ARGS)
	$(PY) -m bench.journey_cpu --pages --members 60 --repeat 3

# Parcours locust (connexion → accueil → salariés → 3 modifications → déclaration → déconnexion) :
# JOURNEY_DURATION en secondes, JOURNEY_USERS utilisateurs, JOURNEY_WAIT temps de réflexion entre étapes.
JOURNEY_DURATION ?= 600
JOURNEY_USERS ?= 200
JOURNEY_WAIT ?= 5-15
bench-journey: install
	$(PY) -m bench.run --journey --journey-duration $(JOURNEY_DURATION) --journey-users $(JOURNEY_USERS) \
		--journey-wait $(JOURNEY_WAIT)

# Sauvegarde dans var/backups/ (pg_dump -Fc, ou API de sauvegarde SQLite).
backup: install
	$(PY) manage.py backup_db

# make restore FILE=var/backups/<fichier> : remplace le contenu de la base (confirmation demandée).
restore: install
	@test -n "$(FILE)" || { echo "Usage : make restore FILE=var/backups/<fichier>"; exit 1; }
	$(PY) manage.py restore_db "$(FILE)"

# Guide d'utilisation : refait les captures d'écran par les parcours navigateur (données de
# démo, 1280×800), puis le PDF dans guide/build/. Les pages d'aide du portail (/aide/) lisent guide/.
guide: migrate
	GUIDE_CAPTURES=1 $(PY) -m pytest -q -p no:randomly e2e/test_guide_journeys.py
	$(PY) manage.py guide_build
