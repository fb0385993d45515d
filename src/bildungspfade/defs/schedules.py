"""Schedules. Both start running with the deployment (`bildungspfade ui` or `dagster dev`
with the daemon): a warehouse exists to be current without anyone pressing a button.

The night's order: the checks at 02:30, then at 03:30 the build and publication of what the
new-delivery sensor loaded during the day. The build is skipped when no delivery was loaded
since the last publication, so a quiet night costs nothing.
"""

from __future__ import annotations

import dagster as dg

from bildungspfade.defs.assets import PUBLISHED_WAREHOUSE_KEY, raw_key
from bildungspfade.defs.jobs import checks_job, transform_job
from bildungspfade.spec import DATASETS

# Nightly, when no agency delivers and no analyst builds: the checks take the writer lock.
nightly_checks_schedule = dg.ScheduleDefinition(
    name="nightly_checks_schedule",
    job=checks_job,
    cron_schedule="30 2 * * *",
    execution_timezone="Europe/Berlin",
    description="Re-run every delivery check and dbt test, so that drift shows by morning.",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)


def _latest(instance: dg.DagsterInstance, key: dg.AssetKey) -> float:
    event = instance.get_latest_materialization_event(key)
    return event.timestamp if event is not None else 0.0


@dg.schedule(
    name="nightly_build_schedule",
    job=transform_job,
    cron_schedule="30 3 * * *",
    execution_timezone="Europe/Berlin",
    description="Build every model and publish, when a delivery was loaded since the last "
    "publication.",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def nightly_build_schedule(context: dg.ScheduleEvaluationContext):
    published = _latest(context.instance, PUBLISHED_WAREHOUSE_KEY)
    loaded = max(_latest(context.instance, raw_key(name)) for name in DATASETS)
    if loaded <= published:
        return dg.SkipReason("no delivery loaded since the last publication")
    return dg.RunRequest(run_key=f"build-after-{loaded:.0f}")
