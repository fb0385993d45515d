"""One dynamic partition set per dataset: the reference dates (Stichtage) delivered so far.

Dynamic rather than time-based because deliveries are irregular: a dataset may skip a year,
directory datasets are dated by the day a change takes effect, and back-deliveries arrive
long after their reference date. The partition key is the Stichtag as an ISO date.
"""

from __future__ import annotations

import dagster as dg

from bildungspfade.spec import DATASETS


def partitions_name(dataset: str) -> str:
    return f"stichtage_{dataset}"


STICHTAG_PARTITIONS: dict[str, dg.DynamicPartitionsDefinition] = {
    name: dg.DynamicPartitionsDefinition(name=partitions_name(name)) for name in DATASETS
}
