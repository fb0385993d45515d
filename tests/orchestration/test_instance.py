"""The persistent Dagster instance of the CLI: its dagster.yaml serialises writers, partitions
stay in date order across runs, a run a killed process left started is closed, and
`bildungspfade run` records its runs and materialisations there for the UI."""

from __future__ import annotations

import os
import subprocess
import uuid

import dagster as dg
import yaml

from bildungspfade.definitions import add_stichtage
from bildungspfade.defs.partitions import partitions_name
from bildungspfade.instance import (
    CLI_PID_TAG,
    DAGSTER_YAML,
    close_interrupted_runs,
    prepare_home,
)


def test_prepare_home_writes_a_dagster_yaml_that_serialises_writers(tmp_path) -> None:
    home = prepare_home(tmp_path / "dagster")
    instance = dg.DagsterInstance.from_config(str(home))
    limits = instance.get_concurrency_config().run_queue_config.tag_concurrency_limits
    assert limits == [{"key": "bildungspfade/warehouse", "value": "writer", "limit": 1}]
    instance.dispose()
    # an operator's own file is kept
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    prepare_home(home)
    assert yaml.safe_load((home / "dagster.yaml").read_text()) == {"telemetry": {"enabled": False}}
    assert "tag_concurrency_limits" in DAGSTER_YAML


def test_partitions_stay_in_date_order_when_an_earlier_date_arrives_late() -> None:
    instance = dg.DagsterInstance.ephemeral()
    add_stichtage(instance, "kita", ["2019-03-01", "2021-03-01"])
    add_stichtage(instance, "kita", ["2021-03-01", "2022-03-01"])
    add_stichtage(instance, "kita", ["2020-03-01"])
    assert instance.get_dynamic_partitions(partitions_name("kita")) == [
        "2019-03-01",
        "2020-03-01",
        "2021-03-01",
        "2022-03-01",
    ]


def _started_run(instance, tags) -> str:
    run_id = str(uuid.uuid4())
    instance.add_run(
        dg.DagsterRun(
            job_name="transform_job", run_id=run_id, status=dg.DagsterRunStatus.STARTED, tags=tags
        )
    )
    return run_id


def test_a_run_of_a_killed_cli_process_is_closed_and_others_are_left() -> None:
    instance = dg.DagsterInstance.ephemeral()
    ended = subprocess.Popen(["true"])  # noqa: S607
    ended.wait()
    killed = _started_run(instance, {CLI_PID_TAG: str(ended.pid)})
    live_process = subprocess.Popen(["sleep", "30"])  # noqa: S607
    try:
        live = _started_run(instance, {CLI_PID_TAG: str(live_process.pid)})
        deployment = _started_run(instance, {})

        closed = close_interrupted_runs(instance)

        assert closed == [f"transform_job ({killed[:8]})"]
        assert instance.get_run_by_id(killed).status == dg.DagsterRunStatus.FAILURE
        assert instance.get_run_by_id(live).status == dg.DagsterRunStatus.STARTED
        assert instance.get_run_by_id(deployment).status == dg.DagsterRunStatus.STARTED
    finally:
        live_process.kill()
        live_process.wait()


def test_the_cli_run_is_recorded_in_the_instance_beside_the_warehouse(pipeline) -> None:
    home = pipeline["warehouse"].parent / "dagster"
    instance = dg.DagsterInstance.from_config(str(home))
    try:
        runs = instance.get_runs()
        jobs = {run.job_name for run in runs}
        assert "transform_job" in jobs
        assert {f"ingest_{dataset}_job" for dataset in pipeline["delivered"]} <= jobs
        assert all(run.status == dg.DagsterRunStatus.SUCCESS for run in runs[-len(jobs) :])
        published = instance.get_latest_materialization_event(
            dg.AssetKey(["published", "warehouse"])
        )
        assert published is not None
        kita = partitions_name("kita")
        assert instance.get_dynamic_partitions(kita)
    finally:
        instance.dispose()


def test_the_ui_command_shows_the_cli_instance_through_one_named_location(tmp_path) -> None:
    from bildungspfade.commands.ui import LOCATION_NAME, command
    from bildungspfade.settings import load_settings

    settings = load_settings(warehouse=tmp_path / "warehouse.duckdb", landing=tmp_path)
    argv, env = command(settings, 3123)

    home = tmp_path / "dagster" if "DAGSTER_HOME" not in os.environ else settings.dagster_home
    assert env["DAGSTER_HOME"] == str(home) and (home / "dagster.yaml").is_file()
    assert argv[1:] == ["dev", "-w", str(home / "workspace.yaml"), "-p", "3123"]
    workspace = yaml.safe_load((home / "workspace.yaml").read_text())
    assert workspace["load_from"][0]["python_module"]["location_name"] == LOCATION_NAME
    # the workspace loads: the same definitions the CLI runs, under the location's name
    proc = subprocess.run(
        [argv[0], "definitions", "validate", "-w", str(home / "workspace.yaml")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "does not match" not in proc.stderr


def test_the_nightly_build_runs_only_after_a_delivery_was_loaded() -> None:
    import time

    from bildungspfade.defs.schedules import nightly_build_schedule

    with dg.instance_for_test() as instance:

        def evaluate():
            return nightly_build_schedule(dg.build_schedule_context(instance=instance))

        def materialise(*path: str) -> None:
            instance.report_runless_asset_event(dg.AssetMaterialization(dg.AssetKey(list(path))))
            time.sleep(0.01)  # distinct timestamps

        assert isinstance(evaluate(), dg.SkipReason)  # nothing loaded yet
        materialise("raw", "kita")
        assert isinstance(evaluate(), dg.RunRequest)
        materialise("published", "warehouse")
        assert isinstance(evaluate(), dg.SkipReason)
        materialise("raw", "schueler")
        assert isinstance(evaluate(), dg.RunRequest)
