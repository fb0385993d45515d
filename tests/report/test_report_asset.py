"""The Dagster asset `published/report` writes the report beside the published copy."""

from __future__ import annotations

import shutil

import dagster as dg

from bildungspfade.defs.assets import PUBLISHED_WAREHOUSE_KEY
from bildungspfade.defs.report import REPORT_KEY, build_report_asset
from bildungspfade.defs.resources import WarehouseResource


def test_asset_writes_the_report_beside_the_published_copy(report_published, tmp_path):
    copy = tmp_path / "published" / report_published.name
    copy.parent.mkdir()
    shutil.copyfile(report_published, copy)
    asset = build_report_asset(PUBLISHED_WAREHOUSE_KEY)
    assert asset.key == REPORT_KEY
    assert PUBLISHED_WAREHOUSE_KEY in asset.asset_deps[REPORT_KEY]
    warehouse = WarehouseResource(
        path=str(tmp_path / copy.name),  # never opened: the asset reads only the copy
        published_dir=str(copy.parent),
    )
    result = dg.materialize([asset], resources={"warehouse": warehouse})
    assert result.success
    out = copy.parent / "bildungsbericht.html"
    assert out.is_file()
    (event,) = result.get_asset_materialization_events()
    metadata = event.materialization.metadata
    assert metadata["pathway_groups"].value == 2
    assert metadata["indicators"].value == 2
