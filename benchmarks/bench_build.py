"""Benchmark the warehouse build: full build, one new reference year, peak memory, and the
ratio to the floor (the same panel SQL run as one plain DuckDB script).

    .venv/bin/python benchmarks/bench_build.py                          # musterstadt 2005-2024
    .venv/bin/python benchmarks/bench_build.py --scale 2                # a larger city
    .venv/bin/python benchmarks/bench_build.py --landing data/synth/landing --out /tmp/bench

Steps, each timed, with the peak resident memory of its largest process:
 1. load every delivery before the last year with the ingestion engine and suites;
 2. the first `dbt build` of the warehouse core (staging, persons, spells, states, panels,
    transitions and their tests; the indicator marts and the published layer are left out:
    their disclosure audit is measured by bench_disclosure.py and bench_publish.py);
 3. the last year's deliveries and every correction _L<n> arrive: load them, then the same
    `dbt build`, incremental: the cost of one new reference year;
 4. the same build with --full-refresh: the full build of the whole history, same data as 3;
 5. the floor: the panel (fct_person_years, pnl_person_trajectories and every model upstream)
    as ONE DuckDB script, the compiled SQL of those models in dependency order, run in one
    connection with the profile's settings and no dbt, Dagster or tests; against
    `dbt run` of the same models (what dbt adds) and `dbt build` (plus their tests). The
    script is written to the output folder, and its panel is checked to equal dbt's.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import synthetic_city

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PANEL = ("fct_person_years", "pnl_person_trajectories")
SELECT_PANEL = " ".join(f"+{m}" for m in PANEL)
# The warehouse core of issue 4: everything but the indicator marts and the published layer,
# whose disclosure audit benchmarks/bench_disclosure.py and bench_publish.py measure.
CORE = ["--select", "fqn:*", "--exclude", "path:models/marts/indicators", "path:models/published"]
_DATED = re.compile(r"_(\d{4})-\d\d-\d\d(_L\d+)?\.")
# DuckDB settings of profiles.yml (config_options), so that the floor runs under the same rules.
FLOOR_SETTINGS = (
    f"memory_limit='{os.environ.get('BILDUNGSPFADE_DUCKDB_MEMORY', '50%')}'",
    "preserve_insertion_order=false",
    "threads=2",
)


def _say(text: str) -> None:
    print(text, flush=True)


def _measured(
    cmd: list[str], env: dict | None = None, log: Path | None = None
) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MiB of the largest process of the command, output). The
    command runs under a small Python wrapper whose RUSAGE_CHILDREN covers dbt's and Dagster's
    child processes too."""
    wrapper = (
        "import resource, subprocess, sys;"
        "p = subprocess.run(sys.argv[1:]);"
        "print('PEAK_RSS_KIB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, flush=True);"
        "sys.exit(p.returncode)"
    )
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", wrapper, *cmd],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    output = proc.stdout + proc.stderr
    if log is not None:
        log.write_text(output, encoding="utf-8")
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{output[-4000:]}")
    peak = re.findall(r"PEAK_RSS_KIB (\d+)", output)
    return seconds, int(peak[-1]) / 1024 if peak else float("nan"), output


def split_landing(source: Path, early: Path, late: Path) -> int:
    """Files before the last year without corrections -> early; the rest -> late. Returns the
    last year."""
    files = sorted(p for p in source.rglob("*") if p.is_file())
    years = [int(m.group(1)) for f in files if (m := _DATED.search(f.name))]
    last = max(years)
    for f in files:
        m = _DATED.search(f.name)
        is_late = m is not None and (int(m.group(1)) >= last or m.group(2) is not None)
        dst = (late if is_late else early) / f.relative_to(source)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(f, dst)
    return last


def floor_script(target: Path) -> str:
    """The compiled SQL of the panel and its upstream models, in dependency order, each as
    `create or replace table`. Compiled against an empty warehouse, so incremental models
    render their full-build SQL."""
    manifest = json.loads((target / "manifest.json").read_text())
    nodes = manifest["nodes"]
    wanted: set[str] = set()
    stack = [f"model.bildungspfade.{m}" for m in PANEL]
    while stack:
        uid = stack.pop()
        if uid in wanted or not uid.startswith("model."):
            continue
        wanted.add(uid)
        stack.extend(nodes[uid]["depends_on"]["nodes"])
    order: list[str] = []

    def visit(uid: str) -> None:
        if uid in order:
            return
        for parent in nodes[uid]["depends_on"]["nodes"]:
            if parent in wanted:
                visit(parent)
        order.append(uid)

    for uid in sorted(wanted):
        visit(uid)
    schemas = sorted({nodes[uid]["schema"] for uid in order})
    parts = [f"set {s};" for s in FLOOR_SETTINGS]
    parts += [f"create schema if not exists {s};" for s in schemas]
    for uid in order:
        node = nodes[uid]
        if node.get("language") != "sql":
            raise SystemExit(f"{uid} is not SQL; the floor covers SQL models only")
        parts.append(
            f"-- {node['name']}\ncreate or replace table {node['schema']}.{node['name']} as\n"
            f"{node['compiled_code'].strip()}\n;"
        )
    return "\n\n".join(parts) + "\n"


def _ingest(warehouse: str, landing: str) -> None:
    """Step 1 in its own process: the ingestion engine and suites, without Dagster."""
    from bildungspfade.ingest import ingest_all
    from bildungspfade.quality import validate_delivery

    con = duckdb.connect(warehouse)
    ingest_all(con, Path(landing), validator=validate_delivery)
    con.close()


def _floor(warehouse: str, script: str) -> None:
    """Step 5 in its own process: the floor script in one connection."""
    con = duckdb.connect(warehouse)
    con.execute(Path(script).read_text(encoding="utf-8"))
    con.close()


class Steps:
    """Runs and records timed steps; each step's output goes to <work>/<n>.log."""

    def __init__(self, work: Path):
        self.work = work
        self.rows: list[tuple[str, float, float]] = []

    def __call__(self, name: str, cmd: list[str], env: dict | None = None) -> float:
        """Run one step; returns its wall seconds."""
        _say(f"... {name}")
        seconds, peak, _ = _measured(cmd, env, self.work / f"{len(self.rows) + 1}.log")
        self.rows.append((name, seconds, peak))
        _say(f"    {seconds:8.1f} s  peak {peak:7.0f} MiB")
        return seconds

    def print(self) -> None:
        _say("")
        _say(f"{'step':<52} {'seconds':>8} {'peak MiB':>9}")
        for name, seconds, peak in self.rows:
            _say(f"{name:<52} {seconds:8.1f} {peak:9.0f}")
        _say("")


def pipeline(landing: Path, work: Path, steps: Steps) -> tuple[Path, list[tuple[str, str]]]:
    """Steps 1-4; returns the built warehouse and summary lines."""
    early, late = work / "early", work / "late"
    for folder in (early, late):
        shutil.rmtree(folder, ignore_errors=True)
    last_year = split_landing(landing, early, late)
    warehouse = work / "warehouse" / "wh.duckdb"
    shutil.rmtree(warehouse.parent, ignore_errors=True)
    warehouse.parent.mkdir(parents=True)
    env = {"BILDUNGSPFADE_WAREHOUSE": str(warehouse)}
    build = [str(BIN / "dbt"), "build", *CORE, "--target-path", str(work / "target")]
    build += ["--indirect-selection", "cautious", "--vars", '{"bp:tests:store_failures": false}']
    ingest = [sys.executable, __file__, "_ingest", str(warehouse)]

    steps(f"ingest history up to {last_year - 1}", [*ingest, str(early)])
    first = steps(f"first core build, history up to {last_year - 1}", build, env)
    # the late files keep their paths relative to the landing folder, as if they had arrived
    # in it (source_file, and the _L<n> supersession, see the same relative names)
    new_ingest = steps(f"ingest year {last_year} and corrections", [*ingest, str(late)])
    new_build = steps(f"incremental core build after {last_year}", build, env)
    full = steps("full core build (--full-refresh), whole history", [*build, "--full-refresh"], env)
    return warehouse, [
        ("first core build (dbt build)", f"{first:.1f} s"),
        ("one new reference year", f"ingestion {new_ingest:.1f} s + build {new_build:.1f} s"),
        ("full core build of the same data", f"{full:.1f} s"),
    ]


def floor(warehouse: Path, work: Path, steps: Steps) -> list[tuple[str, str]]:
    """Step 5 on copies of a warehouse holding the raw and audit tables; returns summary lines."""
    floor_wh, dbt_wh, empty_wh = (work / name / "wh.duckdb" for name in ("floor", "dbt", "empty"))
    for path in (floor_wh, dbt_wh, empty_wh):
        shutil.rmtree(path.parent, ignore_errors=True)
        path.parent.mkdir(parents=True)
    shutil.copy2(warehouse, dbt_wh)
    dbt = str(BIN / "dbt")
    env_dbt = {"BILDUNGSPFADE_WAREHOUSE": str(dbt_wh)}
    # the crosswalk seeds, if the warehouse has only raw tables (not timed: both sides read them)
    _measured([dbt, "seed", "--target-path", str(work / "target-dbt"), "--quiet"], env_dbt)
    shutil.copy2(dbt_wh, floor_wh)
    target = work / "target-floor"
    env_empty = {"BILDUNGSPFADE_WAREHOUSE": str(empty_wh)}
    compile_panel = [dbt, "compile", "--select", SELECT_PANEL, "--target-path", str(target)]
    _measured([*compile_panel, "--quiet"], env_empty)
    (work / "panel_floor.sql").write_text(floor_script(target), encoding="utf-8")
    floor_seconds = steps(
        "floor: panel SQL as one DuckDB script",
        [sys.executable, __file__, "_floor", str(floor_wh), str(work / "panel_floor.sql")],
    )
    dbt_args = [
        "--select",
        SELECT_PANEL,
        "--full-refresh",
        "--target-path",
        str(work / "target-dbt"),
    ]
    dbt_run_seconds = steps("dbt run, same models", [dbt, "run", *dbt_args], env=env_dbt)
    # tests whose every parent is built (a relationship to a model outside the panel is not)
    build_only = ["--exclude", "resource_type:seed", "--indirect-selection", "cautious"]
    build_only += ["--vars", '{"bp:tests:store_failures": false}']
    dbt_build_seconds = steps(
        "dbt build, same models and their tests",
        [dbt, "build", *dbt_args, *build_only],
        env=env_dbt,
    )
    _check_same_panel(floor_wh, dbt_wh)
    return [
        ("panel floor (one DuckDB script)", f"{floor_seconds:.1f} s, panel checked equal"),
        (
            "ratio dbt run / floor, same models",
            f"{dbt_run_seconds / floor_seconds:.2f} (aim < 1.5)",
        ),
        ("ratio dbt build (+ tests) / floor", f"{dbt_build_seconds / floor_seconds:.2f}"),
    ]


def _check_same_panel(floor_wh: Path, dbt_wh: Path) -> None:
    con = duckdb.connect()
    con.execute(f"attach '{floor_wh}' as f (read_only)")
    con.execute(f"attach '{dbt_wh}' as d (read_only)")
    for model in PANEL:
        table = f"marts.{model}"
        # by name: an enforced contract fixes dbt's column order, the plain SQL keeps its own
        names = con.execute(
            "select column_name from information_schema.columns where table_catalog = 'd' "
            f"and table_schema = 'marts' and table_name = '{model}' order by ordinal_position"
        ).fetchall()
        cols = ", ".join(f'"{name}"' for (name,) in names)
        only_floor = f"select {cols} from f.{table} except all select {cols} from d.{table}"
        diff = con.execute(f"select count(*) from ({only_floor})").fetchall()[0][0]
        n = con.execute(f"select count(*) from d.{table}").fetchall()[0][0]
        if diff:
            sys.exit(f"the floor's {table} differs from dbt's in {diff} of {n} rows")
    con.close()


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] in ("_ingest", "_floor"):
        (_ingest if sys.argv[1] == "_ingest" else _floor)(sys.argv[2], sys.argv[3])
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    synthetic_city.add_arguments(ap)
    ap.add_argument(
        "--floor-only",
        type=Path,
        metavar="WAREHOUSE",
        help="skip steps 1-4: compare the floor on copies of this warehouse (raw tables loaded)",
    )
    args = ap.parse_args()

    work = args.out or Path(tempfile.mkdtemp(prefix="bench-build-"))
    work.mkdir(parents=True, exist_ok=True)
    _say(f"work folder {work}")
    steps = Steps(work)
    summary: list[tuple[str, str]] = []
    warehouse = args.floor_only
    if warehouse is None:
        landing = args.landing or synthetic_city.generate_landing(args, work)
        warehouse, summary = pipeline(landing, work, steps)
    summary += floor(warehouse, work, steps)
    steps.print()
    for label, value in summary:
        _say(f"{label:<40} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
