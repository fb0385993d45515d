"""The published area outlines of the session's synthetic city: dissolved from the delivered
block polygons through raumbezug, one valid polygon per statistical and city district, tiling
the city, public geometry only, and drawn as maps in the report."""

from __future__ import annotations

import json

import duckdb
import pytest
import shapely
from shapely.geometry import shape

from bildungspfade.publish import PERSON_COLUMNS, published_file
from tests.core.conftest import CoreWarehouse


@pytest.fixture(scope="module")
def published(core_warehouse: CoreWarehouse):
    path = published_file(core_warehouse.warehouse, core_warehouse.warehouse.parent / "published")
    assert path.is_file(), core_warehouse.output[-3000:]
    return path


def _outlines(published, level: str) -> dict[str, object]:
    con = duckdb.connect(str(published), read_only=True)
    rows = con.execute(
        "select area_id, geometry from published.pub_area_geometries where area_level = ?",
        [level],
    ).fetchall()
    con.close()
    return {area_id: shape(json.loads(g)) for area_id, g in rows}


def test_every_current_district_has_one_outline(core_warehouse, published) -> None:
    with core_warehouse.connect() as con:
        expected = {
            level: {
                r[0]
                for r in con.execute(
                    f"select distinct {column} from staging.stg_raumbezug__blocks "
                    "where is_latest_snapshot and valid_to is null"
                ).fetchall()
            }
            for level, column in (
                ("statistischer_bezirk", "statistical_district_id"),
                ("stadtbezirk", "city_district_id"),
            )
        }
        blocks = con.execute("select count(*) from staging.stg_geometrie__blocks").fetchone()[0]
    assert blocks > 0
    for level, ids in expected.items():
        outlines = _outlines(published, level)
        assert set(outlines) == ids, level
        assert all(o.geom_type == "Polygon" and o.is_valid for o in outlines.values()), level


def test_the_districts_tile_the_city(published) -> None:
    city = _outlines(published, "stadt")["stadt"]
    for level in ("statistischer_bezirk", "stadtbezirk"):
        shapes = list(_outlines(published, level).values())
        union = shapely.union_all(shapes)
        assert abs(sum(s.area for s in shapes) - union.area) < 1e-3 * city.area, level
        assert abs(union.area - city.area) < 2e-3 * city.area, level


def test_the_published_outlines_carry_no_person_level_column(published) -> None:
    con = duckdb.connect(str(published), read_only=True)
    columns = {
        r[0]
        for r in con.execute(
            "select column_name from duckdb_columns() "
            "where schema_name = 'published' and table_name = 'pub_area_geometries'"
        ).fetchall()
    }
    con.close()
    assert columns == {
        "area_level", "area_id", "area_name", "reference_date", "area_km2", "is_complete",
        "crs", "geometry",
    }  # fmt: skip
    assert not columns & PERSON_COLUMNS


def test_the_report_of_the_city_has_maps(published, tmp_path) -> None:
    from bildungspfade.report import write_report

    out = tmp_path / "bildungsbericht.html"
    write_report(published, out)
    html = out.read_text(encoding="utf-8")
    assert '<svg class="choropleth"' in html and 'class="tilemap"' not in html
    assert "Nach Stadtbezirken" in html
