"""A small synthetic municipality, ingested and built once per session.

`core_warehouse` generates musterstadt at scale 0.15 for 2012-2020 with its ground truth,
then runs `bildungspfade run` (ingestion and ONE `dbt build` of all models) into a temporary
warehouse. Shared by the tests of the core models (identity, spells, panels, rates).
A non-zero exit is accepted only when every failure names a blocking delivery check or a
dbt test (reported, not hidden): the models must still exist.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CLI = Path(sys.executable).parent / "bildungspfade"


@dataclass
class CoreWarehouse:
    warehouse: Path
    truth: Path
    landing: Path
    returncode: int
    output: str

    def connect(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(str(self.warehouse), read_only=True)
        for name in ("persons", "person_years", "records"):
            con.execute(
                f"create or replace temp view truth_{name} as "
                f"select * from read_parquet('{self.truth / name}/*.parquet')"
            )
        return con


@pytest.fixture(scope="session")
def core_warehouse(tmp_path_factory: pytest.TempPathFactory) -> CoreWarehouse:
    from bildungspfade.commands.run import EXIT_GAPS, EXIT_OK
    from bildungspfade.synth.config import SynthConfig
    from bildungspfade.synth.generate import Progress, generate

    out = tmp_path_factory.mktemp("core")
    generate(SynthConfig(scale=0.15, first_year=2012, last_year=2020), out, Progress(quiet=True))
    warehouse = out / "warehouse.duckdb"
    proc = subprocess.run(
        [str(CLI), "run", "--landing", str(out / "landing"), "--warehouse", str(warehouse)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    output = proc.stdout + proc.stderr
    # the synthetic municipality has a missing dataset-year: a gap, published (exit 3)
    if proc.returncode not in (EXIT_OK, EXIT_GAPS):
        failures = output.split("FAILED:", 1)[-1].strip().splitlines()
        unexpected = [
            line
            for line in failures
            if line.strip() and "blocking check" not in line and "dbt test" not in line
        ]
        assert not unexpected, output[-5000:]
    return CoreWarehouse(warehouse, out / "truth", out / "landing", proc.returncode, output)
