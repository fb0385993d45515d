"""The Dagster code location: everything under `defs/`, loaded the `dg` way, and what other
parts of the package (the `run` command) may know of it.

`dg dev`, `dagster dev -m bildungspfade.definitions` and `bildungspfade run` all go through
`build_definitions`, so the UI and the CLI see the same assets, checks and jobs. The command
names jobs, asset keys and partitions through the functions below, never through defs/ modules.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import dagster as dg

from bildungspfade.defs import jobs as _jobs
from bildungspfade.defs.assets import (
    INGESTION_GROUP,
    PROGRESS_LOGGER,
    PUBLISHED_WAREHOUSE_KEY,
    REFUSED_FOR_GAPS,
    raw_key,
)
from bildungspfade.defs.partitions import partitions_name

# The op of the published copy, whose config `strict` refuses to publish with gaps.
PUBLISHED_OP = PUBLISHED_WAREHOUSE_KEY.to_python_identifier()

__all__ = [
    "PROGRESS_LOGGER",
    "PUBLISHED_OP",
    "PUBLISHED_WAREHOUSE_KEY",
    "REFUSED_FOR_GAPS",
    "add_stichtage",
    "build_definitions",
    "ingest_job",
    "transform_job",
    "transform_selection_without",
]


def build_definitions() -> dg.Definitions:
    return dg.load_from_defs_folder(path_within_project=Path(__file__).parent)


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions()


def ingest_job(definitions: dg.Definitions, dataset: str) -> dg.JobDefinition:
    """The job that loads new deliveries of one dataset for the Stichtage it is run for."""
    return definitions.get_job_def(_jobs.ingest_job_name(dataset))


def transform_job(definitions: dg.Definitions) -> dg.JobDefinition:
    """The job that builds every dbt model, seed and test, then publishes."""
    return definitions.get_job_def(_jobs.transform_job.name)


def add_stichtage(instance: dg.DagsterInstance, dataset: str, stichtage: Iterable[str]) -> None:
    """Add a dataset's Stichtage (ISO dates) that `instance` lacks as partitions, in date order:
    dynamic partitions keep insertion order, and a partition range means a span of dates."""
    name = partitions_name(dataset)
    known = instance.get_dynamic_partitions(name)
    new = sorted(set(stichtage) - set(known))
    if known and new and (new[0] < known[-1] or known != sorted(known)):
        # A late delivery of an earlier date in a persistent instance: put the partitions
        # back in date order (materialisations are recorded by key and survive this).
        for key in known:
            instance.delete_dynamic_partition(name, key)
        new = sorted(set(known) | set(new))
    instance.add_dynamic_partitions(name, new)


def transform_selection_without(
    definitions: dg.Definitions, blocked: Iterable[str]
) -> list[dg.AssetKey]:
    """What the transform job builds when the datasets `blocked` failed their checks: every
    materializable asset outside ingestion that is not downstream of them."""
    graph = definitions.resolve_asset_graph()
    wanted = dg.AssetSelection.all() - dg.AssetSelection.groups(INGESTION_GROUP)
    left_out = dg.AssetSelection.assets(*(raw_key(d) for d in blocked)).downstream()
    keys = (wanted - left_out).resolve(graph)
    return sorted(k for k in keys if graph.get(k).is_materializable)
