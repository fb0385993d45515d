# Bildungspfade: the two commands a newcomer needs are `make demo` and `make test`.
# Everything installs from the project's own files (pyproject.toml + uv.lock) into .venv.

PYTHON ?= python3
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV := .venv
BIN := $(VENV)/bin
DATA ?= data
# Population factor of the demo city (musterstadt = 300,000 inhabitants at 1, the default).
# `make demo SCALE=0.25` builds a quarter of it in a third of the time.
SCALE ?= 1
# The data folder of the CLI: the warehouse and its published copy go there
# (src/bildungspfade/settings.py names the files; BILDUNGSPFADE_WAREHOUSE overrides).
export BILDUNGSPFADE_DATA ?= $(CURDIR)/$(DATA)

.PHONY: setup demo synth manifest run ui docs test lint format bench clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --compile-bytecode --group dev
	touch $@

# The oldest DuckDB client the published copy is written for (publish/copy.py STORAGE_VERSION),
# beside .venv, for tests/core/test_published_copy.py: analysts on DBeaver, R or a 1.x CLI.
OLD_DUCKDB := 1.0.0
.tools/duckdb-$(OLD_DUCKDB)/.installed: $(UV) $(VENV)/.synced
	$(UV) pip install --quiet --python $(BIN)/python --target .tools/duckdb-$(OLD_DUCKDB) duckdb==$(OLD_DUCKDB)
	touch $@

setup: $(VENV)/.synced .tools/duckdb-$(OLD_DUCKDB)/.installed  ## install everything into .venv

synth: setup  ## write the synthetic municipality (deliveries and ground truth) to data/synth
	$(BIN)/bildungspfade synth --out $(DATA)/synth --scale $(SCALE) --calibration-report

# Exit 3 is "published with gaps" (a missing or rejected delivery, listed in the Datenstand):
# the synthetic municipality has a missing dataset-year and a rejected (truncated) file, so
# the demo goes on after it.
run: setup  ## load every delivery in data/synth/landing and build the warehouse
	$(BIN)/bildungspfade run --landing $(DATA)/synth/landing || [ $$? -eq 3 ]

ui: setup  ## the Dagster UI on data/dagster, where `bildungspfade run` records its runs
	$(BIN)/bildungspfade ui

docs: setup  ## dbt docs of the built warehouse as one HTML page: data/published/dbt_docs.html
	$(BIN)/bildungspfade docs

# dbt's parse of a fresh clone (about 10 s) needs nothing from the deliveries: the demo runs it
# beside the generator, and `bildungspfade run` then finds the manifest current.
manifest: setup  ## parse the dbt project into target/manifest.json unless it is current
	$(BIN)/python -c "from bildungspfade.defs.resources import prepare_dbt_manifest as p; p()"

demo: setup  ## the main job end to end on the synthetic municipality
	$(MAKE) --no-print-directory -j2 synth manifest
	$(MAKE) --no-print-directory run
	$(BIN)/bildungspfade deliveries --summary

lint: setup  ## ruff (package, tests, benchmarks, dbt Python models), sqlfluff and the generated files; all block CI
	$(BIN)/python -m bildungspfade.generate --check
	$(BIN)/ruff check src tests benchmarks models
	$(BIN)/ruff format --check src tests benchmarks models
	BILDUNGSPFADE_WAREHOUSE=$$(mktemp -d)/lint.duckdb $(BIN)/sqlfluff lint models macros

test: lint  ## every check: lint, then the whole test suite
	$(BIN)/pytest

format: setup
	$(BIN)/ruff format src tests benchmarks models
	$(BIN)/ruff check --fix src tests benchmarks models

bench: setup  ## benchmarks: measure and print (not tests)
	$(BIN)/python benchmarks/bench_synth.py
	$(BIN)/python benchmarks/bench_quality.py

clean:
	rm -rf $(DATA) target logs
