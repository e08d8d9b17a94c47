# The two commands (see README): `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Pinned with hashes (`make lock`): the runtime set (what the image installs) and the dev set (runtime + tools).
RUNTIME_LOCK := requirements/runtime.lock
DEV_LOCK := requirements/dev.lock
export KKR_DEV ?= 1

.PHONY: run test venv lint migrate demo worker lock clean bench mutate invariants

$(STAMP): pyproject.toml $(RUNTIME_LOCK) $(DEV_LOCK)
	@test -n "$(PYTHON)" || { echo "Python 3.11 eller nyere mangler (python3.11+)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	touch $(STAMP)

venv: $(STAMP)

## Command 1: the application with demo data on SQLite, Celery eager, at http://localhost:8000
run: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_data
	@echo "\nKKR-sekretariat kører på http://localhost:8000 (Ctrl-C stopper)\n"
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## Command 2: linters, architecture contracts, migration check and the whole test suite, in TEST_PROCESSES
## processes (pytest-xdist: each its own test database, Redis broker database and media folders; the fault tests
## and the known mutants each in one of them, tests/parallel.py). TEST_PROCESSES=0 runs it in this process alone,
## the default on SQLite (no DATABASE_URL), where a transactional test's flush empties the reference data and the
## tests after it in file order are the ones that load it again.
TEST_PROCESSES ?= $(if $(DATABASE_URL),2,0)
test: venv lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(if $(filter-out 0,$(TEST_PROCESSES)),-n $(TEST_PROCESSES) --dist loadgroup)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

worker: venv
	$(BIN)/celery -A kkr worker -l info

## Benchmarks (docs/performance.md): the issue-15 data set in PostgreSQL (built once), then every figure as a
## ratio to its baseline measured in the same run. SCALE=10 (or BENCH_ARGS="--scale 10") uses the 10× set in a
## database of its own (kkr_bench_10: the base set plus nine copies of its meetings in older periods). Redis is
## the cache, as in production (BENCH_CACHE, a database of its own, emptied by the run). BENCH_DB / BENCH_MEDIA /
## BENCH_ARGS override the defaults, e.g. BENCH_ARGS="--only search --skip-engines".
SCALE ?= $(or $(shell echo '$(BENCH_ARGS)' | sed -nE 's/.*--scale[= ]([0-9]+).*/\1/p'),1)
BENCH_DB ?= postgres://postgres@127.0.0.1:5432/kkr_bench$(if $(filter-out 1,$(SCALE)),_$(SCALE))
BENCH_MEDIA ?= /tmp/kkr-bench-media
BENCH_CACHE ?= redis://127.0.0.1:6379/14
BENCH_RUN_ARGS = $(shell echo '$(BENCH_ARGS)' | sed -E 's/--scale[= ][0-9]+//') --scale $(SCALE)
bench: venv
	@psql "$(BENCH_DB)" -c 'select 1' >/dev/null 2>&1 || createdb "$$(basename "$(BENCH_DB)")" \
		-h "$$(echo '$(BENCH_DB)' | sed -E 's#.*@([^:/]+).*#\1#')" -U postgres
	DATABASE_URL=$(BENCH_DB) MEDIA_ROOT=$(BENCH_MEDIA) $(BIN)/python benchmarks/generate.py --if-empty --scale $(SCALE)
	DATABASE_URL=$(BENCH_DB) MEDIA_ROOT=$(BENCH_MEDIA) CACHE_URL=$(BENCH_CACHE) DJANGO_DEBUG=0 \
		$(BIN)/python benchmarks/run.py $(BENCH_RUN_ARGS)

## Mutation testing (docs/mutation-testing.md): mutmut over the ten rule modules with their fast unit tests, one
## module at a time and at low priority (the machine is shared). MUTATE_MODULES narrows it, e.g.
## `make mutate MUTATE_MODULES=meetings.quorum`; `$(BIN)/mutmut results` lists the survivors afterwards.
MUTATE_MODULES ?= elections.dhondt elections.majority elections.composition elections.ties elections.convener \
	meetings.quorum meetings.deadlines members.deadlines members.absence appointments.ballots
mutate: venv
	@for module in $(MUTATE_MODULES); do \
		echo "== $$module"; nice -n 15 $(BIN)/mutmut run --max-children 1 "$$module.*" >/dev/null || exit 1; \
	done
	@$(BIN)/mutmut results --all true | awk -F': ' '{ split($$1, part, "."); module = part[1] "." part[2]; \
		gsub(/ /, "", module); if ($$2 == "not checked") next; total[module]++; \
		if ($$2 == "killed" || $$2 == "timeout") killed[module]++; } \
		END { for (m in total) printf "%-24s %4d of %4d killed (%.1f %%)\n", m, killed[m], total[m], 100 * killed[m] / total[m] }'
	$(BIN)/mutmut results

## The invariants across features (docs/invariants.md): the state machine of tests/invariants with a large budget
## (CI runs a few examples). A failure prints the shortest sequence of steps and its @reproduce_failure blob.
INVARIANT_EXAMPLES ?= 300
INVARIANT_STEPS ?= 40
invariants: venv
	KKR_INVARIANT_EXAMPLES=$(INVARIANT_EXAMPLES) KKR_INVARIANT_STEPS=$(INVARIANT_STEPS) KKR_INVARIANT_PDF=1 nice -n 10 $(BIN)/pytest \
		tests/invariants/test_state_machine.py -s -p no:cacheprovider

## Re-pin both locks after changing pyproject.toml's dependencies (pip-tools; pins already there are kept, so
## only what changed moves; `make lock LOCK_ARGS="--upgrade-package django"` moves one package). The dev lock is
## compiled against the runtime lock: the same runtime versions in development, CI and the image.
PIP_TOOLS := pip-tools==7.6.2
LOCK_COMPILE := /tmp/kkr-lock/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock:
	rm -rf /tmp/kkr-lock && $(PYTHON) -m venv /tmp/kkr-lock
	/tmp/kkr-lock/bin/pip install --quiet $(PIP_TOOLS)
	$(LOCK_COMPILE) -o $(RUNTIME_LOCK) pyproject.toml
	$(LOCK_COMPILE) --extra dev -c $(RUNTIME_LOCK) -o $(DEV_LOCK) pyproject.toml

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
