"""new_delivery_sensor on a temporary landing folder with hand-written files."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from bildungspfade.defs.resources import LandingResource, WarehouseResource
from bildungspfade.defs.sensors import new_delivery_sensor
from bildungspfade.ingest import discover, ingest_file
from tests.orchestration.landing_fixture import rows_for, stichtag, write_delivery


@pytest.fixture
def setup(tmp_path: Path):
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse.duckdb"
    for year in (2019, 2020):
        write_delivery(landing, "kita", stichtag("kita", year), rows_for("kita", year))
    write_delivery(landing, "schulen", stichtag("schulen", 2019), rows_for("schulen", 2019))
    resources = {
        "landing": LandingResource(path=str(landing)),
        "warehouse": WarehouseResource(path=str(warehouse), published_dir=str(tmp_path / "pub")),
    }
    return landing, warehouse, resources, dg.DagsterInstance.ephemeral()


def _tick(instance, resources, cursor=None) -> dg.SensorResult | dg.SkipReason:
    context = dg.build_sensor_context(instance=instance, resources=resources, cursor=cursor)
    result = new_delivery_sensor(context)
    if isinstance(result, dg.SensorResult):
        for request in result.dynamic_partitions_requests or []:
            instance.add_dynamic_partitions(request.partitions_def_name, request.partition_keys)
    return result


def _requested(result) -> set[tuple[str, str]]:
    return {(r.job_name, r.partition_key) for r in result.run_requests}


def test_first_tick_adds_partitions_and_requests_one_run_per_stichtag(setup):
    landing, _, resources, instance = setup
    result = _tick(instance, resources)
    assert _requested(result) == {
        ("ingest_kita_job", "2019-03-01"),
        ("ingest_kita_job", "2020-03-01"),
        ("ingest_schulen_job", "2019-01-01"),
    }
    added = {r.partitions_def_name: r.partition_keys for r in result.dynamic_partitions_requests}
    assert added == {
        "stichtage_kita": ["2019-03-01", "2020-03-01"],
        "stichtage_schulen": ["2019-01-01"],
    }
    assert len({r.run_key for r in result.run_requests}) == 3
    assert len(json.loads(result.cursor)) == 3  # one cached digest per file


def test_loaded_files_are_not_requested_again_but_corrections_are(setup):
    landing, warehouse, resources, instance = setup
    first = _tick(instance, resources)
    con = duckdb.connect(str(warehouse))
    for delivery in discover(landing):
        if delivery.dataset == "kita":
            ingest_file(con, landing, delivery)
    con.close()

    second = _tick(instance, resources, cursor=first.cursor)
    assert _requested(second) == {("ingest_schulen_job", "2019-01-01")}

    correction = rows_for("kita", 2020)
    correction[0]["betreuungszeit"] = "45"
    write_delivery(landing, "kita", stichtag("kita", 2020), correction, lieferung=2)
    third = _tick(instance, resources, cursor=second.cursor)
    assert ("ingest_kita_job", "2020-03-01") in _requested(third)
    assert ("ingest_kita_job", "2019-03-01") not in _requested(third)
    # The Stichtag already exists as a partition: nothing to add for kita.
    assert all(r.partitions_def_name != "stichtage_kita" for r in third.dynamic_partitions_requests)


def test_skips_with_a_reason_while_a_writer_holds_the_warehouse(setup):
    _, warehouse, resources, instance = setup
    writer = duckdb.connect(str(warehouse))
    writer.execute("create table t as select 1 as x")
    try:
        result = _tick(instance, resources)
    finally:
        writer.close()
    assert isinstance(result, dg.SkipReason)
    assert "cannot be opened read-only" in result.skip_message


def test_empty_landing_skips(tmp_path):
    resources = {
        "landing": LandingResource(path=str(tmp_path)),
        "warehouse": WarehouseResource(
            path=str(tmp_path / "w.duckdb"), published_dir=str(tmp_path)
        ),
    }
    result = _tick(dg.DagsterInstance.ephemeral(), resources)
    assert isinstance(result, dg.SkipReason)
