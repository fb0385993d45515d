"""Blocking checks on every ingestion asset: did the delivery under review count?

The check reviews the deliveries of the run's Stichtage (one, a range, or, in the nightly run
without partitions, all of them) with `quality.review.review_deliveries`, which reads the audit
tables that ingestion wrote and says why a delivery does not count.
"""

# No `from __future__ import annotations`: Dagster inspects the context annotations.

import dagster as dg

from bildungspfade.defs.assets import raw_key
from bildungspfade.defs.resources import WarehouseResource
from bildungspfade.quality.review import review_deliveries
from bildungspfade.spec import DATASETS

CHECK_NAME = "delivery_accepted"


def _run_stichtage(context: dg.AssetCheckExecutionContext) -> list[str] | None:
    """The Stichtage this run covers; None when the run has no partition (check everything)."""
    if context.has_partition_key or context.has_partition_key_range:
        return sorted(context.partition_keys)
    return None


def build_delivery_check(dataset: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=raw_key(dataset),
        name=CHECK_NAME,
        blocking=True,
        description=(
            "The newest delivery of each Stichtag in the run was accepted: not rejected, and no "
            "blocking expectation of its suite failed. Blocking: downstream models wait."
        ),
    )
    def delivery_accepted(
        context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
    ) -> dg.AssetCheckResult:
        if not warehouse.exists():
            return dg.AssetCheckResult(passed=True, metadata={"deliveries_reviewed": 0})
        with warehouse.connect(read_only=True) as con:
            review = review_deliveries(con, dataset, _run_stichtage(context))
        return dg.AssetCheckResult(
            passed=review.passed, metadata=review.metadata, description=review.description
        )

    return delivery_accepted


delivery_checks = [build_delivery_check(name) for name in DATASETS]
