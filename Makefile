# Set-up and everyday commands. `make run` and `make test` work on a fresh
# Debian machine with Python 3: they create .venv and install what they need.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo lint bench clean messages

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

# axe-core for the accessibility checks of the browser tests (package.json).
node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

migrate: install
	$(PY) manage.py migrate --noinput

# Links, QR codes and the township sites follow the port unless BASE_URL is set.
run demo: export BASE_URL ?= http://$(HOST):$(PORT)
# Jobs go to the database queue, which the worker started by `make run` works off.
run demo: export TASKS_BACKEND ?= django_tasks_db.DatabaseBackend

demo: migrate
	$(PY) manage.py load_demo --if-empty

## Run the site with SQLite and the demo data on http://$(HOST):$(PORT)/,
## and beside it the worker that sends mail and SMS and updates the search
## index (background jobs); stopping the server stops the worker.
run: demo
	$(PY) manage.py run_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

## Run the whole test suite (SQLite unless DATABASE_URL says otherwise)
test: install node_modules/.installed
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

## Lint: ruff, and the import-linter contracts of .importlinter (the app layers)
lint: install
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

## Compile the project's translations (locale/zh_Hans/LC_MESSAGES/*.po) after editing them;
## the .mo files are committed, so nothing else needs msgfmt (Debian package gettext)
messages:
	for po in locale/*/LC_MESSAGES/*.po; do msgfmt --check-format -o $${po%.po}.mo $$po || exit 1; done

bench: demo
	$(PY) bench/guide_page.py
	$(PY) bench/forms.py
	$(PY) bench/search.py
	$(PY) bench/casedesk.py

clean:
	rm -rf $(VENV) db.sqlite3 media static
