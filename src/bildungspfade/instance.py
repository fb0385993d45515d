"""The persistent Dagster instance (DAGSTER_HOME) that `bildungspfade run` records into and
`bildungspfade ui` shows: its folder and its `dagster.yaml`.

The folder is `dagster/` beside the warehouse (`data/dagster` by default) unless DAGSTER_HOME
says otherwise, so the UI shows the runs, materialisations, partitions and check results of
what the CLI did. The first use writes a `dagster.yaml` that serialises the warehouse's
writers (DuckDB allows one writing process per file): queued runs tagged as writers (every
ingestion, transform and checks job) start one at a time. An existing file is left as the
operator made it.

The CLI runs its jobs in its own process and tags them with its pid (`CLI_PID_TAG`). A run of
a process that was killed stays "started" in the instance; the next `bildungspfade run` marks
it failed (`close_interrupted_runs`) and says that it resumes after it.
"""

from __future__ import annotations

from pathlib import Path

from bildungspfade.defs.jobs import WRITER_TAGS

WRITER_TAG_KEY, WRITER_TAG_VALUE = next(iter(WRITER_TAGS.items()))

DAGSTER_YAML = f"""\
# Dagster instance of Bildungspfade, written by `bildungspfade run` / `bildungspfade ui` on
# first use (bildungspfade/instance.py); edit freely, it is not overwritten.
# DuckDB allows one writing process per warehouse file: writer runs and writer steps go one
# at a time (steps of pool warehouse_writer are serialised by the runs already).
concurrency:
  runs:
    max_concurrent_runs: 4
    tag_concurrency_limits:
      - key: "{WRITER_TAG_KEY}"
        value: "{WRITER_TAG_VALUE}"
        limit: 1
telemetry:
  enabled: false
"""


def prepare_home(home: Path) -> Path:
    """Create the instance folder with its dagster.yaml when missing; returns the folder."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML, encoding="utf-8")
    return home


CLI_PID_TAG = "bildungspfade/cli_pid"


def cli_tags() -> dict[str, str]:
    """Tags of a run this process executes, so that the next run can tell a killed one."""
    import os

    return {CLI_PID_TAG: str(os.getpid())}


def close_interrupted_runs(instance) -> list[str]:
    """Mark failed the runs a killed `bildungspfade run` left started (their pid is gone);
    returns one description per run closed."""
    import dagster as dg

    from bildungspfade.locking import process_alive

    started = instance.get_runs(
        filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING])
    )
    closed = []
    for run in started:
        pid = run.tags.get(CLI_PID_TAG, "")
        # not the CLI's (a deployment's run: its daemon watches it), or its process still runs
        # (this process has started none yet, so its own pid in a tag is a reused one)
        if not pid.isdigit() or process_alive(int(pid)):
            continue
        instance.report_run_failed(
            run, "interrupted: the bildungspfade run process ended before the run did"
        )
        closed.append(f"{run.job_name} ({run.run_id[:8]})")
    return closed
