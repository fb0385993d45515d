"""The floor benchmark on a small municipality: the hand-written SQL of benchmarks/floor gives
the same person-year states, transitions and rates as the warehouse, and the comparison finds
a difference when there is one (so that neither the floor SQL nor the check rots unseen)."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_floor  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def floor_run(tmp_path_factory: pytest.TempPathFactory):
    work = tmp_path_factory.mktemp("floor")
    code = bench_floor.main(["--scale", "0.05", "--years", "2016-2020", "--out", str(work)])
    return work, code


def test_the_floor_gives_the_warehouse_rows(floor_run):
    work, code = floor_run
    assert code == 0, "the floor and the warehouse differ (see the output above)"
    con = duckdb.connect(str(work / "warehouse" / "wh.duckdb"), read_only=True)
    counts = [
        con.execute(f"select count(*) from marts.{model}").fetchone()[0]
        for model in bench_floor.OUTPUTS
    ]
    con.close()
    # a comparison of empty tables would prove nothing
    assert all(n > 100 for n in counts), counts


@pytest.mark.parametrize(
    ("table", "change"),
    [
        ("floor.person_years", "update floor.person_years set state = 'unknown' where rowid = 7"),
        ("floor.transitions", "delete from floor.transitions where rowid = 3"),
        ("floor.rates", "update floor.rates set rate = rate + 1e-12 where rowid < 50"),
    ],
)
def test_the_comparison_finds_a_changed_row(floor_run, table, change):
    work, _ = floor_run
    warehouse = work / "warehouse" / "wh.duckdb"
    con = duckdb.connect(str(warehouse))
    bench_floor.run_floor(con, warehouse)
    assert bench_floor.compare(con) == []
    con.execute(change)
    problems = bench_floor.compare(con)
    con.close()
    model = {v: k for k, v in bench_floor.FLOOR_TABLES.items()}[table]
    assert problems and all(p.startswith(model) for p in problems), problems


def test_the_floor_stages_match_the_warehouse_stages():
    assert [name for name, _ in bench_floor.floor_stages()] == list(bench_floor.FLOORED)
