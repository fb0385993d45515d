"""Jobs. Writers run their steps in one process, one after another: DuckDB allows a single
writing process per file, and dbt (a subprocess) must find the file closed.

There is no single `all_job`: each dataset has its own dynamic partitions, and Dagster resolves
a job over assets with different partition sets only per set. `bildungspfade run` chains the
ingestion jobs and `transform_job` instead.
"""

from __future__ import annotations

import dagster as dg

from bildungspfade.defs.assets import INGESTION_GROUP, raw_key
from bildungspfade.spec import DATASETS

# Run-queue tag for deployments: limit runs with this tag to one at a time (dagster.yaml,
# run_queue.tag_concurrency_limits), so two ingestion jobs never hold the warehouse together.
WRITER_TAGS = {"bildungspfade/warehouse": "writer"}


def ingest_job_name(dataset: str) -> str:
    return f"ingest_{dataset}_job"


ingest_jobs = [
    dg.define_asset_job(
        ingest_job_name(name),
        selection=dg.AssetSelection.assets(raw_key(name)),
        description=f"Load new deliveries of {name} for the selected Stichtage, then check them.",
        executor_def=dg.in_process_executor,
        tags=WRITER_TAGS,
    )
    for name in DATASETS
]

transform_job = dg.define_asset_job(
    "transform_job",
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups(INGESTION_GROUP),
    description="dbt build of every model, seed and test in one dbt process, then publish.",
    executor_def=dg.in_process_executor,
    tags=WRITER_TAGS,
)

checks_job = dg.define_asset_job(
    "checks_job",
    selection=dg.AssetSelection.all_asset_checks(),
    description="Every asset check: delivery checks on all Stichtage, and the dbt tests.",
    executor_def=dg.in_process_executor,
    # dbt tests store their failures in the warehouse, so this job writes too.
    tags=WRITER_TAGS,
)
