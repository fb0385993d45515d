"""The warehouse against the floor: the person-year states, the transitions and the transition
rates (school entry, grade 5, leavers and the rest of rpt_transition_rates) built twice from the
same loaded raw tables, by dbt as `bildungspfade run` does and by a hand-written DuckDB script
(benchmarks/floor/floor.sql) in one process.

    .venv/bin/python benchmarks/bench_floor.py                 # musterstadt 2005-2024
    .venv/bin/python benchmarks/bench_floor.py --scale 0.25    # a quarter of the city
    .venv/bin/python benchmarks/bench_floor.py --landing data/synth/landing --out /tmp/floor
    .venv/bin/python benchmarks/bench_floor.py --from-warehouse data/warehouse.duckdb

Steps:
 1. generate the deliveries (unless --landing), load them with the ingestion engine and suites,
    load the seeds (timed, not compared);
 2. `dbt run --full-refresh` of the panel, the transitions and the rates and every model
    upstream (staging, linkage, spells) with the profile's settings, then the models the
    floor covers again alone (`--threads 1`, so that no other model shares the two cores with
    them, as none shares them with the floor); the seconds of every model come from dbt's
    run_results.json, grouped into stages;
 3. the floor: floor.sql in one DuckDB connection with the profile's settings, stage by stage,
    into temp tables. It starts from the warehouse's intermediate tables (the records with
    the person keys of probabilistic linkage, the spells; see the head of floor.sql), so the
    stages before it have no floor and are shown for the warehouse only;
 4. both outputs compared row for row (`except all` both ways) on fct_person_years,
    fct_transitions and rpt_transition_rates: a difference fails the run with a sample.

The last line is `floor_ratio=<x.xx>`: the warehouse's seconds for the stages the floor covers
(sum of the models' execution times) over the floor's seconds for them. With --repeat N the
panel is built N times by each, in turn, and each model's and stage's fastest time counts.
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
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FLOOR_SQL = Path(__file__).with_name("floor") / "floor.sql"
OUTPUTS = ("fct_person_years", "fct_transitions", "rpt_transition_rates")
# the warehouse's models of each stage the floor covers, in the floor's stage order
FLOORED = {
    "persons": ("int_person_attributes_resolved",),
    "person_years": ("fct_person_years",),
    "transitions": ("fct_transitions",),
    "rates": (
        "fct_transition_observations",
        "rpt_transition_counts",
        "rpt_transition_rates_by_age",
        "rpt_transition_rates",
    ),
}
# a Python model (a keyed hash of the person key) that the rates need; an input of the floor
RECORD_KEYS = "dim_ckm_record_keys"
PANEL_MODELS = [model for models in FLOORED.values() for model in models] + [RECORD_KEYS]
FLOOR_TABLES = {
    "fct_person_years": "floor.person_years",
    "fct_transitions": "floor.transitions",
    "rpt_transition_rates": "floor.rates",
}
# stages upstream of the floor, by model path (shown for the warehouse only)
UPSTREAM = (
    ("staging", "models/staging/"),
    ("linkage (persons)", "models/intermediate/persons/"),
    ("spells and coverage", "models/intermediate/"),
)


def _say(text: str) -> None:
    print(text, flush=True)


def floor_stages(project: Path = ROOT) -> list[tuple[str, str]]:
    """(stage, SQL) of floor.sql, the dbt vars it names filled in from dbt_project.yml."""
    variables = yaml.safe_load((project / "dbt_project.yml").read_text())["vars"]
    values = {
        "open_end": variables["bp:dates:open_end"],
        "g8_first": variables["bp:states:g8_first_grade5_year"],
        "g8_last": variables["bp:states:g8_last_grade5_year"],
        "max_age": variables["bp:states:max_age"],
        "university_years": variables["bp:states:university_inferred_years"],
        "university_levels": ", ".join(
            f"'{level}'" for level in variables["bp:states:university_entrance_levels"]
        ),
    }
    text = FLOOR_SQL.read_text(encoding="utf-8")
    parts = re.split(r"^-- stage: (\w+)\n", text, flags=re.M)
    # only the named placeholders: the SQL has struct literals in braces too
    pattern = re.compile(r"\{(" + "|".join(values) + r")\}")
    return [
        (name, pattern.sub(lambda m: str(values[m.group(1)]), sql))
        for name, sql in zip(parts[1::2], parts[2::2], strict=True)
    ]


def floor_settings(warehouse: Path) -> list[str]:
    """profiles.yml's config_options for this warehouse, so that the floor runs under the
    same rules as dbt (threads as in the profile)."""
    memory = os.environ.get("BILDUNGSPFADE_DUCKDB_MEMORY", "50%")
    return [
        f"set memory_limit = '{memory}'",
        f"set temp_directory = '{warehouse}.tmp'",
        "set preserve_insertion_order = false",
        "set threads = 2",
    ]


def run_floor(con: duckdb.DuckDBPyConnection, warehouse: Path) -> list[tuple[str, float]]:
    """Run floor.sql stage by stage in con; returns (stage, seconds)."""
    for statement in floor_settings(warehouse):
        con.execute(statement)
    timings = []
    for name, sql in floor_stages():
        started = time.perf_counter()
        con.execute(sql)
        timings.append((name, time.perf_counter() - started))
    return timings


def compare(con: duckdb.DuckDBPyConnection, sample: int = 5) -> list[str]:
    """Row-for-row differences between the floor's temp tables and dbt's marts, `except all`
    both ways over dbt's columns by name; one message per differing output."""
    problems = []
    for model, floor_table in FLOOR_TABLES.items():
        names = [
            name
            for (name,) in con.execute(
                "select column_name from information_schema.columns "
                "where table_schema = 'marts' and table_name = ? order by ordinal_position",
                [model],
            ).fetchall()
        ]
        cols = ", ".join(f'"{name}"' for name in names)
        ours, theirs = f"select {cols} from {floor_table}", f"select {cols} from marts.{model}"
        rows = con.execute(f"select count(*) from marts.{model}").fetchone()[0]
        for label, query in (
            ("only in the floor", f"{ours} except all {theirs}"),
            ("only in dbt", f"{theirs} except all {ours}"),
        ):
            n = con.execute(f"select count(*) from ({query})").fetchone()[0]
            if n:
                shown = con.execute(f"{query} limit {sample}").fetchall()
                lines = "\n".join(f"    {dict(zip(names, row, strict=True))}" for row in shown)
                problems.append(f"{model}: {n} of {rows} rows {label}, e.g.\n{lines}")
    return problems


def _results(target: Path) -> list[tuple[str, str, float]]:
    """(model, path, execution seconds) of a dbt run's run_results.json."""
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]
    rows = []
    for result in json.loads((target / "run_results.json").read_text())["results"]:
        node = nodes[result["unique_id"]]
        if result["status"] != "success":
            raise SystemExit(f"dbt model {node['name']}: {result['status']}")
        rows.append((node["name"], node["original_file_path"], result["execution_time"]))
    return rows


def upstream_stages(target: Path) -> dict[str, float]:
    """Seconds of the models upstream of the floor, summed by stage."""
    stages = {label: 0.0 for label, _ in UPSTREAM}
    stages["record keys (Python)"] = 0.0
    for _, path, seconds in _results(target):
        label = next((lab for lab, prefix in UPSTREAM if path.startswith(prefix)), None)
        stages[label or "record keys (Python)"] += seconds
    return stages


def floored_models(target: Path) -> dict[str, float]:
    """Seconds of each model the floor covers."""
    wanted = {m for models in FLOORED.values() for m in models}
    return {name: seconds for name, _, seconds in _results(target) if name in wanted}


def _run(cmd: list[str], env: dict | None = None, log: Path | None = None) -> float:
    started = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True
    )
    if log is not None:
        log.write_text(proc.stdout + proc.stderr, encoding="utf-8")
    if proc.returncode != 0:
        output = (proc.stdout + proc.stderr)[-4000:]
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{output}")
    return time.perf_counter() - started


def load(landing: Path, warehouse: Path, work: Path) -> float:
    """Ingestion (engine and suites, as `bildungspfade run` loads) and the seeds; seconds."""
    if warehouse.exists():
        warehouse.unlink()
    ingest = [sys.executable, str(ROOT / "benchmarks" / "bench_build.py"), "_ingest"]
    seconds = _run([*ingest, str(warehouse), str(landing)], log=work / "ingest.log")
    env = {"BILDUNGSPFADE_WAREHOUSE": str(warehouse)}
    seed = [str(BIN / "dbt"), "seed", "--target-path", str(work / "target-seed"), "--quiet"]
    return seconds + _run(seed, env, work / "seed.log")


def build_upstream(warehouse: Path, work: Path) -> float:
    """dbt run of every model upstream of the floor's stages, with the profile's two threads
    (as `bildungspfade run`); wall seconds."""
    env = {"BILDUNGSPFADE_WAREHOUSE": str(warehouse)}
    dbt = [str(BIN / "dbt"), "run", "--full-refresh"]
    dbt += ["--target-path", str(work / "target-upstream")]
    upstream = [*dbt, "--select", *(f"+{model}" for model in OUTPUTS), "--exclude", *PANEL_MODELS]
    return _run(upstream, env, work / "dbt-upstream.log")


def build_panel(warehouse: Path, work: Path) -> float:
    """dbt run of the models the floor covers (and the record keys they need), one at a time,
    so that no other model shares the two cores with them, as none shares them with the
    floor; wall seconds."""
    env = {"BILDUNGSPFADE_WAREHOUSE": str(warehouse)}
    dbt = [str(BIN / "dbt"), "run", "--full-refresh", "--target-path", str(work / "target")]
    return _run([*dbt, "--select", *PANEL_MODELS, "--threads", "1"], env, work / "dbt.log")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    synthetic_city.add_arguments(ap)
    ap.add_argument(
        "--from-warehouse",
        type=Path,
        metavar="FILE",
        help="start from a copy of this warehouse (its raw tables and seeds) instead of loading",
    )
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="keep the warehouse in --out from an earlier run: the panel and the floor only",
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="build the panel by dbt and by the floor this many times each; the fastest counts",
    )
    args = ap.parse_args(argv)

    work = args.out or Path(tempfile.mkdtemp(prefix="bench-floor-"))
    work.mkdir(parents=True, exist_ok=True)
    _say(f"work folder {work}")
    warehouse = work / "warehouse" / "wh.duckdb"
    reuse = args.reuse and (work / "target-upstream" / "run_results.json").exists()
    if not reuse:
        shutil.rmtree(warehouse.parent, ignore_errors=True)
        warehouse.parent.mkdir(parents=True)
        if args.from_warehouse:
            # the models are rebuilt from the raw tables below (--full-refresh)
            shutil.copy2(args.from_warehouse, warehouse)
        else:
            landing = args.landing or synthetic_city.generate_landing(args, work)
            _say("... loading the deliveries and seeds")
            _say(f"    {load(landing, warehouse, work):8.1f} s")
        _say("... the warehouse, upstream of the floor: staging, linkage, spells (dbt run)")
        _say(f"    {build_upstream(warehouse, work):8.1f} s wall (dbt process)")

    # The panel by dbt and by the floor in turn, --repeat times; the fastest of each counts
    # (the machine may be shared: the minimum is the least disturbed).
    warehouse_best: dict[str, float] = {}
    floor_best: dict[str, float] = {}
    for round_ in range(1, args.repeat + 1):
        _say(f"... round {round_} of {args.repeat}: the panel's models by dbt (dbt run)")
        _say(f"    {build_panel(warehouse, work):8.1f} s wall (dbt process)")
        for model, seconds in floored_models(work / "target").items():
            warehouse_best[model] = min(seconds, warehouse_best.get(model, seconds))
        _say(f"... round {round_} of {args.repeat}: the floor (benchmarks/floor/floor.sql)")
        con = duckdb.connect(str(warehouse))
        timed = run_floor(con, warehouse)
        _say(f"    {sum(s for _, s in timed):8.1f} s")
        problems = compare(con)
        con.close()
        if problems:
            _say("the floor and the warehouse differ:\n" + "\n".join(problems))
            return 1
        for stage, seconds in timed:
            floor_best[stage] = min(seconds, floor_best.get(stage, seconds))
    _say("    same rows: " + ", ".join(OUTPUTS))
    print_stages(upstream_stages(work / "target-upstream"), warehouse_best, floor_best)
    slowest = sorted(_results(work / "target-upstream"), key=lambda r: -r[2])[:6]
    _say("slowest upstream: " + ", ".join(f"{m} {s:.1f} s" for m, _, s in slowest))
    warehouse_seconds, floor_seconds = sum(warehouse_best.values()), sum(floor_best.values())
    _say(f"floor_ratio={warehouse_seconds / floor_seconds:.2f}")
    return 0


def print_stages(upstream: dict, warehouse: dict, floor: dict) -> None:
    _say("")
    _say(f"{'stage':<22} {'model':<30} {'warehouse s':>11} {'floor s':>8}")
    for stage, seconds in upstream.items():
        if seconds:  # the record keys are built with the panel's models
            _say(f"{stage:<22} {'':<30} {seconds:11.1f} {'-':>8}")
    for stage, models in FLOORED.items():
        for n, model in enumerate(models):
            last = n == len(models) - 1
            floor_seconds = f"{floor[stage]:8.1f}" if last else ""
            label = stage if n == 0 else ""
            _say(f"{label:<22} {model:<30} {warehouse[model]:11.1f} {floor_seconds:>8}")
    _say(
        f"{'floored stages':<22} {'':<30} {sum(warehouse.values()):11.1f} "
        f"{sum(floor.values()):8.1f}"
    )
    _say("")


if __name__ == "__main__":
    raise SystemExit(main())
