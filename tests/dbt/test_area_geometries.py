"""int_area_geometries_dissolved: areas dissolved from block polygons through raumbezug.

The model's function on hand-made blocks (exact expectations), and on the generator's city
(every district one polygon, neighbours without gaps or overlaps after simplification)."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import box, mapping, shape

from tests.dbt.python_models import load

MODEL = load("intermediate/areas/int_area_geometries_dissolved.py")


def _blocks(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "block_id": [r[0] for r in rows],
            "statistical_district_id": [r[1] for r in rows],
            "city_district_id": [r[2] for r in rows],
            "social_area_id": ["SR1"] * len(rows),
            "primary_catchment_id": [None] * len(rows),
        }
    )


def _geometries(polygons: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "block_id": list(polygons),
            "geometry_geojson": [json.dumps(mapping(p)) for p in polygons.values()],
        }
    )


def test_blocks_are_joined_into_their_areas() -> None:
    x, y = 462_000, 5_757_000
    blocks = _blocks(
        [
            ("0001001", "001", "01"),
            ("0001002", "001", "01"),
            ("0002001", "002", "01"),
            ("0002002", "002", "01"),  # no polygon delivered
        ]
    )
    polygons = {
        "0001001": box(x, y, x + 100, y + 100),
        "0001002": box(x + 100, y, x + 200, y + 100),
        "0002001": box(x, y + 100, x + 200, y + 200),
    }
    out = MODEL.dissolve(blocks, _geometries(polygons), 0.0, date(2020, 1, 1))
    got = {
        (r.area_level, r.area_id): (r.block_count, r.blocks_with_geometry, round(r.area_m2))
        for r in out.itertuples()
    }
    assert got == {
        ("stadt", "stadt"): (4, 3, 40_000),
        ("stadtbezirk", "01"): (4, 3, 40_000),
        ("statistischer_bezirk", "001"): (2, 2, 20_000),
        ("statistischer_bezirk", "002"): (2, 1, 20_000),
        ("sozialraum", "SR1"): (4, 3, 40_000),
    }  # no grundschulbezirk: every block's catchment is empty
    district = shape(json.loads(out.set_index("area_id").loc["001", "geometry_geojson"]))
    assert district.equals(box(x, y, x + 200, y + 100))  # one polygon, the inner edge gone
    assert set(out["geometry_reference_date"]) == {date(2020, 1, 1)}


def test_no_geometry_gives_an_empty_table_with_the_columns() -> None:
    out = MODEL.dissolve(_blocks([("0001001", "001", "01")]), _geometries({}), 10.0)
    assert out.empty and list(out.columns) == MODEL.COLUMNS


def test_the_generated_city_dissolves_into_a_clean_map() -> None:
    from bildungspfade.synth.block_geometry import block_polygons
    from bildungspfade.synth.geography import build_geography

    geo = build_geography(np.random.default_rng([20241, 0]), 0.25)
    polygons = block_polygons(geo)
    blocks = _blocks(
        [
            (str(code), f"{d + 1:03d}", f"{c + 1:02d}")
            for code, d, c in zip(geo.block_code, geo.district, geo.city_district, strict=True)
        ]
    )
    out = MODEL.dissolve(
        blocks, _geometries(dict(zip(geo.block_code, polygons, strict=True))), 10.0
    )
    city_area = shapely.union_all(polygons).area
    for level in ("statistischer_bezirk", "stadtbezirk"):
        rows = out[out.area_level == level]
        shapes = [shape(json.loads(g)) for g in rows.geometry_geojson]
        assert all(s.geom_type == "Polygon" and s.is_valid for s in shapes), level
        # the simplified districts still tile the city: no overlaps, no gaps worth a pixel
        union = shapely.union_all(shapes)
        assert abs(sum(s.area for s in shapes) - union.area) < 1e-3 * city_area, level
        assert abs(union.area - city_area) < 2e-3 * city_area, level
        assert union.geom_type == "Polygon", level
    assert len(out[out.area_level == "statistischer_bezirk"]) == len(set(geo.district))
    # the rounding slivers between blocks are filled: the city is one polygon without holes
    [city] = [shape(json.loads(g)) for g in out[out.area_level == "stadt"].geometry_geojson]
    assert city.geom_type == "Polygon" and len(city.interiors) == 0
    # simplification keeps the map small: well under a kilobyte per district on average
    sizes = out[out.area_level == "statistischer_bezirk"].geometry_geojson.str.len()
    assert sizes.mean() < 1500
