"""The DuckDB settings a dbt build really gets from profiles.yml (not the file's text): the
memory limit follows the machine unless BILDUNGSPFADE_DUCKDB_MEMORY is set, and what does not
fit spills beside the warehouse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
DBT = Path(sys.executable).with_name("dbt")
QUERY = (
    "select current_setting('memory_limit') as memory_limit, "
    "current_setting('temp_directory') as temp_directory"
)


def _settings(warehouse: Path, memory: str | None) -> dict:
    env = {**os.environ, "BILDUNGSPFADE_WAREHOUSE": str(warehouse)}
    env.pop("BILDUNGSPFADE_DUCKDB_MEMORY", None)
    if memory is not None:
        env["BILDUNGSPFADE_DUCKDB_MEMORY"] = memory
    proc = subprocess.run(
        [str(DBT), "show", "--inline", QUERY, "--output", "json", "--log-format", "json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    for line in proc.stdout.splitlines():
        event = json.loads(line)
        if event["info"]["name"] == "ShowNode":
            return json.loads(event["data"]["preview"])[0]
    raise AssertionError(proc.stdout[-3000:])


def _gib(text: str) -> float:
    number, unit = text.split()
    return float(number) * {"MiB": 1 / 1024, "GiB": 1, "TiB": 1024}[unit]


def test_dbt_gets_half_the_machine_and_spills_beside_the_warehouse(tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    got = _settings(warehouse, None)
    con = duckdb.connect(config={"memory_limit": "100%"})
    machine = _gib(con.execute("select current_setting('memory_limit')").fetchone()[0])
    con.close()
    assert abs(_gib(got["memory_limit"]) - machine / 2) < 0.2, got
    assert got["temp_directory"] == f"{warehouse}.tmp"


def test_an_explicit_memory_limit_wins(tmp_path):
    got = _settings(tmp_path / "wh.duckdb", "3GB")
    # DuckDB prints 3 GB (10^9) in GiB
    assert got["memory_limit"] == "2.7 GiB", got


def test_scratch_connections_take_a_quarter_and_spill_beside_the_warehouse(tmp_path, monkeypatch):
    """The in-memory connections of the Python models (Splink, the Cell Key lookup) run in
    the dbt process beside the warehouse connection: bounded too, an explicit setting wins."""
    from bildungspfade import scratch
    from bildungspfade.settings import WAREHOUSE_ENV

    warehouse = tmp_path / "wh.duckdb"
    monkeypatch.setenv(WAREHOUSE_ENV, str(warehouse))
    monkeypatch.delenv(scratch.MEMORY_ENV, raising=False)
    machine_con = duckdb.connect(config={"memory_limit": "100%"})
    machine = _gib(machine_con.execute("select current_setting('memory_limit')").fetchone()[0])
    machine_con.close()
    first, second = scratch.connect(), scratch.connect()
    limit, temp = first.execute(QUERY).fetchone()
    other_temp = second.execute(QUERY).fetchone()[1]
    assert abs(_gib(limit) - machine / 4) < 0.2, limit
    assert temp.startswith(f"{warehouse}.scratch-") and temp.endswith(".tmp"), temp
    assert other_temp != temp  # closing one must not remove the other's spill folder
    first.close()
    second.close()
    monkeypatch.setenv(scratch.MEMORY_ENV, "3GB")
    explicit = scratch.connect()
    assert explicit.execute(QUERY).fetchone()[0] == "2.7 GiB"
    explicit.close()
