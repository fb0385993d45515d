"""The warehouse against the floor: the person-year states, the transitions and the transition
rates (school entry, grade 5, leavers and the rest of rpt_transition_rates) built twice from the
same loaded raw tables, by dbt as `bildungspfade run` does and by a hand-written DuckDB script
(benchmarks/floor/floor.sql) in one process.

    .venv/bin/python benchmarks/bench_floor.py                 # musterstadt 2005-2024
    .venv/bin/python benchmarks/bench_floor.py --scale 0.25    # a quarter of the city
    .venv/bin/python benchmarks/bench_floor.py --landing data/synth/landing --out /tmp/floor

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
(sum of the models' execution times) over the floor's seconds for them.
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
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FLOOR_SQL = Path(__file__).with_name("floor") / "floor.sql"
OUTPUTS = ("fct_person_years", "fct_transitions", "rpt_transition_rates")
# the warehouse's models of each stage the floor covers, in the floor's stage order
FLOORED = {
    "persons": ("dim_persons",),
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
FLOOR_TABLES = {
    "fct_person_years": "floor_person_years",
    "fct_transitions": "floor_transitions",
    "rpt_transition_rates": "floor_rates",
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


# fct_transitions ranks a person's certificates by leaving year and level only: of two of one
# level in one year (a person linked from two records) it keeps either. Their certificate_key
# is left out of the comparison; every other column of those rows is compared.
_TIED = (
    "select person_key from intermediate.int_school_leavers_classified "
    "where certificate_key is not null "
    "group by person_key, school_year, certificate_level_rank "
    "having count(distinct certificate_key) > 1"
)
_UNTIED_CERTIFICATE = (
    "case when transition = 'general_school_to_next' and person_key in (select person_key from "
    'floor_tied_leavers) then null else certificate_key end as "certificate_key"'
)


def tied_leavers(con: duckdb.DuckDBPyConnection) -> int:
    """Persons whose final certificate the warehouse picks by chance (see _TIED)."""
    con.execute(f"create or replace temp table floor_tied_leavers as {_TIED}")
    return con.execute("select count(distinct person_key) from floor_tied_leavers").fetchone()[0]


def compare(con: duckdb.DuckDBPyConnection, sample: int = 5) -> list[str]:
    """Row-for-row differences between the floor's temp tables and dbt's marts, `except all`
    both ways over dbt's columns by name; one message per differing output."""
    tied_leavers(con)
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
        cols = ", ".join(
            _UNTIED_CERTIFICATE
            if model == "fct_transitions" and name == "certificate_key"
            else f'"{name}"'
            for name in names
        )
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


def warehouse_stages(target: Path) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """(upstream stages, floored stages) with the summed execution seconds of their models,
    from dbt's run_results.json and manifest.json."""
    results = [
        result
        for folder in (target.with_name("target-upstream"), target)
        for result in json.loads((folder / "run_results.json").read_text())["results"]
    ]
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]
    seconds = {
        nodes[r["unique_id"]]["name"]: (nodes[r["unique_id"]]["original_file_path"], r)
        for r in results
    }
    floored_models = {m: stage for stage, models in FLOORED.items() for m in models}
    upstream = {label: 0.0 for label, _ in UPSTREAM}
    upstream["record keys (Python)"] = 0.0
    floored = {stage: 0.0 for stage in FLOORED}
    for name, (path, result) in seconds.items():
        if result["status"] != "success":
            raise SystemExit(f"dbt model {name}: {result['status']}")
        if name in floored_models:
            floored[floored_models[name]] += result["execution_time"]
            continue
        label = next((lab for lab, prefix in UPSTREAM if path.startswith(prefix)), None)
        upstream[label or "record keys (Python)"] += result["execution_time"]
    return list(upstream.items()), list(floored.items())


def slowest_models(target: Path, n: int = 8) -> list[tuple[str, float]]:
    results = [
        result
        for folder in (target.with_name("target-upstream"), target)
        for result in json.loads((folder / "run_results.json").read_text())["results"]
    ]
    ranked = sorted(results, key=lambda r: -r["execution_time"])[:n]
    return [(r["unique_id"].split(".")[-1], r["execution_time"]) for r in ranked]


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


def build(warehouse: Path, work: Path) -> float:
    """The warehouse side: dbt run of the outputs and everything upstream; wall seconds. Two
    runs: everything upstream with the profile's two threads, then the models the floor
    covers (and the record keys they need) one at a time, so that no other model runs beside
    them and their seconds compare with the floor's, which runs alone."""
    env = {"BILDUNGSPFADE_WAREHOUSE": str(warehouse)}
    floored = [model for models in FLOORED.values() for model in models] + [RECORD_KEYS]
    dbt = [str(BIN / "dbt"), "run", "--full-refresh"]
    upstream = [*dbt, "--select", *(f"+{model}" for model in OUTPUTS), "--exclude", *floored]
    upstream += ["--target-path", str(work / "target-upstream")]
    seconds = _run(upstream, env, work / "dbt-upstream.log")
    panel = [*dbt, "--select", *floored, "--threads", "1", "--target-path", str(work / "target")]
    return seconds + _run(panel, env, work / "dbt.log")


def generate(args: argparse.Namespace, work: Path) -> Path:
    from bildungspfade.synth.config import SynthConfig
    from bildungspfade.synth.generate import Progress, generate

    first, last = (int(x) for x in args.years.split("-"))
    config = SynthConfig(preset=args.preset, scale=args.scale, first_year=first, last_year=last)
    started = time.perf_counter()
    generate(config, work / "synth", Progress(quiet=True))
    _say(f"generated {args.preset} (scale {args.scale}) in {time.perf_counter() - started:.0f} s")
    return work / "synth" / "landing"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--landing", type=Path, help="an existing landing folder (default: generate)")
    ap.add_argument("--preset", default="musterstadt", choices=["musterstadt", "land"])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--years", default="2005-2024")
    ap.add_argument("--out", type=Path, help="work folder (default: a temporary folder, kept)")
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="keep the warehouse and dbt's timings in --out from an earlier run: floor only",
    )
    args = ap.parse_args(argv)

    work = args.out or Path(tempfile.mkdtemp(prefix="bench-floor-"))
    work.mkdir(parents=True, exist_ok=True)
    _say(f"work folder {work}")
    warehouse = work / "warehouse" / "wh.duckdb"
    if not (args.reuse and (work / "target" / "run_results.json").exists()):
        landing = args.landing or generate(args, work)
        shutil.rmtree(warehouse.parent, ignore_errors=True)
        warehouse.parent.mkdir(parents=True)
        _say("... loading the deliveries and seeds")
        _say(f"    {load(landing, warehouse, work):8.1f} s")
        _say("... the warehouse: dbt run of the panel, transitions, rates and all upstream")
        wall = build(warehouse, work)
        _say(f"    {wall:8.1f} s wall (dbt process)")
    upstream, warehouse_floored = warehouse_stages(work / "target")

    _say("... the floor: benchmarks/floor/floor.sql in one connection")
    con = duckdb.connect(str(warehouse))
    floor_timed = run_floor(con, warehouse)
    problems = compare(con)
    ties = tied_leavers(con)
    con.close()
    if problems:
        _say("the floor and the warehouse differ:\n" + "\n".join(problems))
        return 1
    _say("    same rows: " + ", ".join(OUTPUTS))
    if ties:
        _say(
            f"    ({ties} person(s) with two certificates of one level in their leaving year: "
            "fct_transitions keeps either, their certificate_key is not compared)"
        )

    _say("")
    _say(f"{'stage':<28} {'warehouse s':>12} {'floor s':>9}")
    for stage, seconds in upstream:
        _say(f"{stage:<28} {seconds:12.1f} {'-':>9}")
    floor_by_stage = dict(floor_timed)
    for stage, seconds in warehouse_floored:
        _say(f"{stage:<28} {seconds:12.1f} {floor_by_stage[stage]:9.1f}")
    warehouse_seconds = sum(s for _, s in warehouse_floored)
    floor_seconds = sum(floor_by_stage.values())
    _say(f"{'floored stages together':<28} {warehouse_seconds:12.1f} {floor_seconds:9.1f}")
    _say("")
    slowest = slowest_models(work / "target")
    _say("slowest models: " + ", ".join(f"{m} {s:.1f} s" for m, s in slowest))
    _say(f"floor_ratio={warehouse_seconds / floor_seconds:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
