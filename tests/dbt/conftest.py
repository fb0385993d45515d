"""Fixtures for tests of the dbt project: one warehouse and one `dbt build` per session.

Every dbt process costs seconds, so the session builds a temporary warehouse with the raw and
audit tables and hand-made rows (warehouse_fixture.py), runs a single `dbt build` over seeds,
staging models, their data tests and every unit test of the project, and hands the open
result to the tests.

dbt reads the column types of a unit test's inputs from the warehouse, so the inputs of
unit-tested models above staging (int_person_records_deduplicated, dim_persons, ...) must
exist as relations. One `dbt build --empty` of the unit tests' ancestors creates them, empty,
before the real build (which then replaces seeds and staging with the fixture rows), and one
`dbt test` runs the unit tests of the models the build leaves out. The intermediate and mart
models themselves are tested against ground truth in tests/core.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tests.dbt import warehouse_fixture  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).parent / "dbt"


@dataclass
class DbtBuild:
    warehouse: Path
    returncode: int
    output: str
    results: dict[str, str]  # unique_id -> status
    delivery_ids: dict[str, str]
    schema_from: str

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.warehouse), read_only=True)


@pytest.fixture(scope="session")
def dbt_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DbtBuild]:
    warehouse = tmp_path_factory.mktemp("dbt") / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse))
    try:
        schema_from = warehouse_fixture.ensure_warehouse_schema(con)
        delivery_ids = warehouse_fixture.insert_fixture_rows(con)
    finally:
        con.close()
    target = warehouse.parent / "target"
    env = {**os.environ, "BILDUNGSPFADE_WAREHOUSE": str(warehouse)}
    common = [
        "--vars",
        json.dumps({"bp:tests:store_failures": False}),
        "--project-dir",
        str(PROJECT_ROOT),
        "--profiles-dir",
        str(PROJECT_ROOT),
        "--target-path",
        str(target),
        "--log-path",
        str(warehouse.parent / "logs"),
        "--no-partial-parse",
    ]
    # the inputs of every unit test, as empty relations (see the module docstring)
    inputs = subprocess.run(
        [
            str(DBT),
            "build",
            "--empty",
            "--select",
            "+test_type:unit",
            "--exclude",
            "resource_type:test",
            "resource_type:unit_test",
            *common,
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert inputs.returncode == 0, (inputs.stdout + inputs.stderr)[-5000:]
    proc = subprocess.run(
        [
            str(DBT),
            "build",
            "--select",
            "resource_type:seed",
            "staging",
            "int_deliveries_reconciled",
            "test_type:unit",
            # only data tests whose every parent is built here: a relationships test from a
            # model above staging to int_deliveries_reconciled belongs to tests/core
            "--indirect-selection",
            "cautious",
            *common,
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    # `dbt build` runs a unit test only with its model; the models above staging are not
    # built here, so their unit tests run in one `dbt test` on the inputs made above
    units = subprocess.run(
        [
            str(DBT),
            "test",
            "--select",
            "test_type:unit",
            *common,
            "--target-path",
            str(warehouse.parent / "target_unit"),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    results: dict[str, str] = {}
    for folder in (target, warehouse.parent / "target_unit"):
        run_results = folder / "run_results.json"
        if run_results.exists():
            for r in json.loads(run_results.read_text())["results"]:
                results[r["unique_id"]] = r["status"]
    yield DbtBuild(
        warehouse,
        proc.returncode or units.returncode,
        proc.stdout + proc.stderr + units.stdout + units.stderr,
        results,
        delivery_ids,
        schema_from,
    )
