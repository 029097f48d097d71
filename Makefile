# KAM Portal. `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
APPS := accounts recruitment candidates

.PHONY: run test lint worker beat migrate seed messages compilemessages venv clean backup restore sweep-files bench

venv: $(STAMP)

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# What `make run` starts after the demo is seeded (tests/test_make_run.py replaces it to count the lines before it).
RUNSERVER ?= $(PY) manage.py runserver 127.0.0.1:8000

migrate: venv
	@mkdir -p var
	@$(PY) manage.py migrate --noinput --verbosity 0

seed: migrate
	@$(PY) manage.py seed_demo

run: seed
	@echo "KAM Portal: http://127.0.0.1:8000  (log in with one of the e-mails above)"
	@$(RUNSERVER)

test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

# National-scale benchmark on PostgreSQL (scratch databases, created and seeded on first use; 1x takes a while):
# pages per role at two scales, admin changelists, the reminder sweep and the page mix over HTTP.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
BENCH_DATABASES ?= 0.1=kp_scale_bench_01 1=kp_scale_bench
BENCH_ARGS ?= --runs 30 --sweep --http-seconds 30 --http-clients 20 --http-workers 4
# Redis as in production (sessions through the cache, shared figures cache); its own database number.
BENCH_REDIS ?= redis://127.0.0.1:6379/9
BENCH_ENV = REDIS_URL=$(BENCH_REDIS) DJANGO_SETTINGS_MODULE=kamportal.settings.production DJANGO_SECRET_KEY=bench-only-not-secret \
	DJANGO_SECURE_COOKIES=false DJANGO_SSL_REDIRECT=false DJANGO_ALLOWED_HOSTS=testserver,127.0.0.1 \
	DATABASE_URL=$(BENCH_PG)/postgres
bench: venv
	$(BENCH_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(BENCH_ENV) $(PY) manage.py bench --prepare \
		$(foreach db,$(BENCH_DATABASES),--database $(db)) $(BENCH_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

worker: venv
	$(VENV)/bin/celery -A kamportal worker --loglevel=info

beat: venv
	$(VENV)/bin/celery -A kamportal beat --loglevel=info

# Backup: the database (pg_dump custom format, or the SQLite file) and every stored file a row
# refers to, in one archive with a manifest, under BACKUP_DIR (default var/backups).
backup: venv
	$(PY) manage.py backup $(if $(OUTPUT),--output $(OUTPUT))

# Restore: make restore ARCHIVE=var/backups/kamportal-….tar.gz (replaces the current data).
restore: venv
	@test -n "$(ARCHIVE)" || { echo "usage: make restore ARCHIVE=path/to/backup.tar.gz"; exit 2; }
	$(PY) manage.py restore "$(ARCHIVE)" --yes

# Stored files without a row are removed, rows without a file reported (DRY_RUN=1 to look only).
sweep-files: venv
	$(PY) manage.py sweep_files $(if $(DRY_RUN),--dry-run)

# Extract translatable strings (needs GNU gettext) and compile the catalogues.
messages: venv
	cd accounts && ../$(PY) ../manage.py makemessages -l nb -l en --no-obsolete
	cd recruitment && ../$(PY) ../manage.py makemessages -l nb -l en --no-obsolete
	cd candidates && ../$(PY) ../manage.py makemessages -l nb -l en --no-obsolete
	$(PY) manage.py makemessages -l nb -l en --no-obsolete --ignore='.venv/*' --ignore='accounts/*' \
		--ignore='recruitment/*' --ignore='candidates/*' --ignore='tests/*' --ignore='node_modules/*'
	$(MAKE) compilemessages

compilemessages: venv
	$(PY) manage.py compilemessages --ignore='.venv/*'

clean:
	rm -rf $(VENV) var/db.sqlite3 var/mail
