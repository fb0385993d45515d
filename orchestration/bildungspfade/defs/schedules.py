"""Schedules."""

from __future__ import annotations

import dagster as dg

from bildungspfade.defs.jobs import checks_job

# Nightly, when no agency delivers and no analyst builds: the checks take the writer lock.
nightly_checks_schedule = dg.ScheduleDefinition(
    name="nightly_checks_schedule",
    job=checks_job,
    cron_schedule="30 2 * * *",
    execution_timezone="Europe/Berlin",
    description="Re-run every delivery check and dbt test, so that drift shows by morning.",
)
