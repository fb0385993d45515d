"""The Dagster asset `published/report`: the HTML report, rebuilt after each publication.

Registered in defs/assets.py after the published copy (see docs/report.md). It reads only
the published copy, so it needs no writer slot on the warehouse.
"""

# No `from __future__ import annotations`: Dagster inspects the context annotations.

from pathlib import Path

import dagster as dg

from bildungspfade.defs.resources import WarehouseResource
from bildungspfade.report.build import DEFAULT_NAME, write_report

REPORT_KEY = dg.AssetKey(["published", "report"])


def build_report_asset(published_key: dg.AssetKey) -> dg.AssetsDefinition:
    """The report asset, downstream of the asset that publishes the read-only copy."""

    @dg.asset(
        key=REPORT_KEY,
        group_name="publication",
        deps=[published_key],
        description=(
            "Bildungsbericht: one self-contained HTML file (pathway Sankeys, indicator time "
            f"series, small-area results) beside the published copy ({DEFAULT_NAME}), from "
            "schema `published` only."
        ),
        kinds={"html"},
    )
    def published_report(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        out = Path(warehouse.published_dir) / DEFAULT_NAME
        summary = write_report(warehouse.published_path, out)
        context.log.info(f"report written to {summary.path} ({summary.bytes} bytes)")
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(summary.path)),
                "bytes": summary.bytes,
                "pathway_groups": summary.pathway_groups,
                "indicators": summary.indicators,
                "small_area_indicators": summary.small_area_indicators,
            }
        )

    return published_report
