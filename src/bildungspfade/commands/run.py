"""`bildungspfade run`: load every new delivery, build the models, publish the safe copy.

Everything runs in this process, recorded in the persistent Dagster instance beside the
warehouse (`data/dagster`, see bildungspfade/instance.py): no daemon, no webserver.
One Dagster run per dataset covers all its new Stichtage (a partition range, which the
ingestion assets accept through `BackfillPolicy.single_run`), then one run builds every dbt
model, seed and test in a single dbt process and publishes the read-only copy.

A rejected delivery is a gap, not a stop: its blocking check fails and is reported, the rest
of its dataset and every other dataset load, dbt builds every model, and the copy is published
with the Datenstand (published.pub_datenstand) listing what is awaited. Exit codes:

    0  published, complete: no delivery awaited
    1  a real failure (an ingestion run broke, a dbt model or error-level test failed): the
       models downstream of a broken ingestion are left out and nothing is published
    2  usage (no landing folder)
    3  published with gaps: deliveries are awaited (missing, or rejected and not yet
       re-delivered); one summary line names them
    4  --strict and deliveries are awaited: everything is built, nothing new is published

Plausibility warnings (marts.rpt_plausibility_warnings) are printed after the Datenstand line
and never change the exit code.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import re
import sys
import time
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_GAPS, EXIT_STRICT = 0, 1, 2, 3, 4

# Dagster's console logger would print every step event; progress comes from our own lines.
QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--landing", help="landing folder (default: $BILDUNGSPFADE_LANDING)")
    parser.add_argument("--warehouse", help="DuckDB file (default: $BILDUNGSPFADE_WAREHOUSE)")
    parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild the incremental models from every current delivery (after a macro change)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help=f"refuse to publish while a delivery is awaited (exit {EXIT_STRICT}); without it the "
        f"copy is published with its gaps (exit {EXIT_GAPS})",
    )


@dataclass
class Outcome:
    failures: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # datasets whose ingestion run broke
    rejected: list[str] = field(default_factory=list)  # failed delivery checks: gaps, not stops
    gaps: list = field(default_factory=list)  # publish.datenstand.Gap, after the build
    warnings: list = field(default_factory=list)  # quality.plausibility, after the build
    refused: bool = False  # --strict refused to publish
    runs: int = 0


def _say(message: str) -> None:
    print(message, flush=True)


def _progress_handler() -> logging.Handler:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("  %(message)s"))
    return handler


def run(args: argparse.Namespace) -> int:
    from bildungspfade.settings import environment, load_settings

    settings = load_settings(warehouse=args.warehouse, landing=args.landing)
    if not settings.landing.is_dir():
        print(f"landing folder {settings.landing} does not exist", file=sys.stderr)
        return EXIT_USAGE

    warnings.filterwarnings("ignore", module="dagster.*")
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    from bildungspfade.definitions import PROGRESS_LOGGER

    progress = logging.getLogger(PROGRESS_LOGGER)
    handler = _progress_handler()
    progress.addHandler(handler)
    progress.setLevel(logging.INFO)
    progress.propagate = False
    try:
        # One location for everyone: the resources read these variables when the definitions
        # load (the dbt resource hands the warehouse on to dbt). Set for this command only.
        with environment(settings.environment()):
            return _run(settings, full_refresh=args.full_refresh, strict=args.strict)
    finally:
        progress.removeHandler(handler)


def _run(settings, full_refresh: bool = False, strict: bool = False) -> int:
    import dagster as dg

    from bildungspfade.definitions import build_definitions
    from bildungspfade.instance import close_interrupted_runs, prepare_home

    started = time.perf_counter()
    _say(f"warehouse {settings.warehouse}")
    _say(f"landing   {settings.landing}")
    _resume_interrupted(settings)
    defs = build_definitions()
    _say(f"definitions loaded in {time.perf_counter() - started:.1f} s")
    # The persistent instance beside the warehouse (data/dagster): `bildungspfade ui` shows
    # these runs, their materialisations and check results. What was loaded is still decided
    # by the warehouse's audit tables, not by Dagster.
    instance = dg.DagsterInstance.from_config(str(prepare_home(settings.dagster_home)))
    for closed in close_interrupted_runs(instance):
        _say(f"resuming after an interrupted run: {closed} marked failed")

    outcome = Outcome()
    ingest_started = time.perf_counter()
    pending = _pending_by_dataset(settings)
    if not pending:
        _say("no new or corrected files")
    for dataset, (all_keys, keys) in pending.items():
        _ingest(defs, instance, dataset, all_keys, keys, outcome)
    elapsed = time.perf_counter() - ingest_started
    _say(f"ingestion done in {elapsed:.1f} s ({outcome.runs} run(s))")

    build_started = time.perf_counter()
    _transform(settings, defs, instance, outcome, full_refresh, strict)
    _say(f"dbt build and publication done in {time.perf_counter() - build_started:.1f} s")
    _say(f"total {time.perf_counter() - started:.1f} s")
    return _verdict(outcome)


def _resume_interrupted(settings) -> None:
    """A run killed while publishing left its temporary copy beside the published one: remove
    it and say in one line that this run resumes after it (the warehouse itself needs nothing:
    every load and build step is one transaction)."""
    from bildungspfade.publish import published_file, remove_interrupted_leftovers, resume_message

    removed = remove_interrupted_leftovers(published_file(settings.warehouse, settings.published))
    if removed:
        _say(resume_message(removed))


def _verdict(outcome: Outcome) -> int:
    """Print what the operator must know and choose the exit code (module docstring)."""
    from bildungspfade.publish.datenstand import summary
    from bildungspfade.publish.plausibility import summary_lines as plausibility_lines

    if outcome.rejected:
        print("\nREJECTED (gaps until a corrected re-delivery arrives):", file=sys.stderr)
        for rejection in outcome.rejected:
            print(f"  {rejection}", file=sys.stderr)
    if outcome.failures:
        print("\nFAILED:", file=sys.stderr)
        for failure in outcome.failures:
            print(f"  {failure}", file=sys.stderr)
        return EXIT_FAILED
    _say(summary(outcome.gaps))
    # plausibility warnings never change the exit code: they ask for a look, not a stop
    for line in plausibility_lines(outcome.warnings):
        _say(line)
    if outcome.refused:
        _say("strict: nothing published (Veröffentlichung verweigert: Lieferungen ausstehend)")
        return EXIT_STRICT
    return EXIT_GAPS if outcome.gaps else EXIT_OK


def _pending_by_dataset(settings) -> dict[str, tuple[list[str], list[str]]]:
    """dataset -> (every Stichtag in the landing folder, Stichtage with new files)."""
    import duckdb

    from bildungspfade.ingest import discover, known_files, pending_files
    from bildungspfade.spec import DATASETS

    files = discover(settings.landing)
    known: set[tuple[str, str]] = set()
    if settings.warehouse.is_file():
        con = duckdb.connect(str(settings.warehouse), read_only=True)
        try:
            known = known_files(con)
        finally:
            con.close()
    todo: dict[str, set[str]] = defaultdict(set)
    for p in pending_files(settings.landing, known, files=files):
        todo[p.delivery.dataset].add(p.partition_key)
    every: dict[str, set[str]] = defaultdict(set)
    for f in files:
        every[f.dataset].add(f.stichtag.isoformat())
    return {name: (sorted(every[name]), sorted(todo[name])) for name in DATASETS if todo.get(name)}


def _ingest(defs, instance, dataset: str, all_keys, keys, outcome: Outcome) -> None:
    from bildungspfade.definitions import add_stichtage, ingest_job
    from bildungspfade.instance import cli_tags

    add_stichtage(instance, dataset, all_keys)
    if len(keys) == 1:
        tags = {"dagster/partition": keys[0]}
    else:
        tags = {
            "dagster/asset_partition_range_start": keys[0],
            "dagster/asset_partition_range_end": keys[-1],
        }
    _say(f"{dataset}: {len(keys)} Stichtag(e) with new files, {keys[0]} .. {keys[-1]}")
    job = ingest_job(defs, dataset)
    result = job.execute_in_process(
        instance=instance,
        tags={**tags, **cli_tags()},
        raise_on_error=False,
        run_config=QUIET_RUN_CONFIG,
    )
    outcome.runs += 1
    failed_checks = [e for e in result.get_asset_check_evaluations() if not e.passed]
    for evaluation in failed_checks:
        # A rejected delivery stops only itself: the check fails (and says why), the other
        # files of the run are loaded, and the build goes on with the gap on record.
        line = f"{dataset}: blocking check {evaluation.check_name} failed: {evaluation.description}"
        outcome.rejected.append(line)
        _say(f"  gap: {line}")
    if not result.success and not failed_checks:
        outcome.blocked.append(dataset)
        outcome.failures.append(f"{dataset}: ingestion run failed: {_step_errors(result)}")


def _step_errors(result) -> str:
    errors = []
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data.error is not None:
            error = event.step_failure_data.error
            # The first message is Dagster's wrapper; the cause says what went wrong.
            while error.cause is not None:
                error = error.cause
            message = error.message.strip().splitlines()
            errors.append(f"{event.step_key}: {' '.join(line.strip() for line in message[:6])}")
    return "; ".join(errors) or "see the Dagster event log"


_DBT_FAILED_NODE = re.compile(r"^\d+ of \d+ (?:FAIL \d+|ERROR)\b.*?(?= \.+ |\s*\[|$)")


def _failed_dbt_nodes(log_path: Path) -> list[str]:
    """dbt's own one-line verdicts on failed nodes (tests not mapped to Dagster checks,
    such as source tests, only show up here)."""
    found = []
    for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        m = _DBT_FAILED_NODE.match(line)
        if m:
            found.append(m.group(0).split(" ", 3)[-1].strip())
    return found


def _is_refusal(event) -> bool:
    """A step failure raised because `strict` refused to publish with gaps."""
    from bildungspfade.definitions import REFUSED_FOR_GAPS

    user_failure = event.step_failure_data.user_failure_data
    return user_failure is not None and REFUSED_FOR_GAPS in (user_failure.metadata or {})


def _transform(
    settings, defs, instance, outcome: Outcome, full_refresh: bool = False, strict: bool = False
) -> None:
    import dagster as dg

    from bildungspfade.definitions import (
        PUBLISHED_OP,
        PUBLISHED_WAREHOUSE_KEY,
        transform_job,
        transform_selection_without,
    )
    from bildungspfade.instance import cli_tags
    from bildungspfade.settings import environment

    job = transform_job(defs)
    selection = None
    if outcome.blocked:
        selection = transform_selection_without(defs, outcome.blocked)
        _say(
            "leaving out models downstream of "
            + ", ".join(sorted(set(outcome.blocked)))
            + f"; building {len(selection)} asset(s), publishing nothing"
        )
        if not selection:
            return
    log_path = settings.warehouse.with_name(settings.warehouse.name + ".dbt.log")
    _say(
        "dbt build"
        + (" --full-refresh" if full_refresh else "")
        + ("" if selection is None else " (partial)")
        + f", log in {log_path}"
    )
    # A test on a left-out model would fail on the missing relation; with "cautious" dbt runs
    # only tests whose every parent is built (dbt reads it from the environment it inherits).
    dbt_env = {} if selection is None else {"DBT_INDIRECT_SELECTION": "cautious"}
    ops_config = {"dbt_models": {"config": {"full_refresh": full_refresh}}}
    if selection is None or PUBLISHED_WAREHOUSE_KEY in selection:
        ops_config[PUBLISHED_OP] = {"config": {"strict": strict}}
    # dagster-dbt echoes every dbt line to stdout; keep them in a file an operator can read.
    with (
        environment(dbt_env),
        log_path.open("w", encoding="utf-8") as log,
        contextlib.redirect_stdout(log),
    ):
        result = job.execute_in_process(
            instance=instance,
            asset_selection=selection,
            tags=cli_tags(),
            raise_on_error=False,
            run_config={
                **QUIET_RUN_CONFIG,
                "ops": ops_config,
            },
        )
    outcome.runs += 1
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    checks = result.get_asset_check_evaluations()
    failed = [e for e in checks if not e.passed]
    _say(
        f"  {len(materialized)} asset(s) built, {len(checks) - len(failed)}/{len(checks)} "
        "test(s) passed"
    )
    for evaluation in failed:
        level = "error" if evaluation.severity == dg.AssetCheckSeverity.ERROR else "warning"
        line = f"dbt test {evaluation.check_name} on {evaluation.asset_key.to_user_string()}"
        if level == "error":
            outcome.failures.append(f"{line} failed")
        else:
            _say(f"  warning: {line}")
    step_failures = [e for e in result.all_events if e.is_step_failure]
    outcome.refused = any(_is_refusal(e) for e in step_failures)
    broken = [e for e in step_failures if not _is_refusal(e)]
    if (
        not result.success
        and (broken or not outcome.refused)
        and not any(e.severity == dg.AssetCheckSeverity.ERROR for e in failed)
    ):
        nodes = _failed_dbt_nodes(log_path)
        detail = "; ".join(nodes) if nodes else _step_errors(result)
        outcome.failures.append(f"dbt build failed: {detail} (see {log_path})")
    from bildungspfade.publish import published_file

    if PUBLISHED_WAREHOUSE_KEY in materialized:
        _say(f"published {published_file(settings.warehouse, settings.published)}")
    outcome.gaps = _awaited(settings)
    outcome.warnings = _plausibility_warnings(settings)


def _plausibility_warnings(settings) -> list:
    """The plausibility warnings the build wrote, with counts (restricted warehouse)."""
    import duckdb

    from bildungspfade.publish.plausibility import restricted_warnings

    if not settings.warehouse.is_file():
        return []
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        return restricted_warnings(con)
    finally:
        con.close()


def _awaited(settings) -> list:
    """The awaited deliveries of the Datenstand the build wrote (none before a first build)."""
    from bildungspfade.locking import connect
    from bildungspfade.publish.datenstand import awaited

    if not settings.warehouse.is_file():
        return []
    # dbt's process may still be closing the file it built
    con = connect(settings.warehouse, read_only=True)
    try:
        return awaited(con)
    finally:
        con.close()
