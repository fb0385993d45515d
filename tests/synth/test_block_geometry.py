"""The generator's geometrie delivery: one plausible polygon per block, no overlaps, no gaps
inside the city, contiguous statistical and city districts, in EPSG:25832 metres."""

from __future__ import annotations

import csv
import io
import json

import shapely
from shapely.geometry import Polygon, shape

from bildungspfade.synth.block_geometry import block_polygons, city_outline


def _collection(small) -> tuple[str, dict]:
    [path] = sorted((small / "landing" / "geometrie").glob("*.geojson"))
    return path.name, json.loads(path.read_text(encoding="utf-8"))


def _latest_raumbezug(small) -> list[dict]:
    path = sorted((small / "landing" / "raumbezug").glob("*.csv"))[-1]
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";")
    return [r for r in rows if not r["gueltig_bis"]]


def test_every_current_block_has_one_valid_polygon_in_utm_32n(small) -> None:
    name, collection = _collection(small)
    newest_raumbezug = sorted((small / "landing" / "raumbezug").glob("*.csv"))[-1].name
    assert name.split("_")[1][:10] == newest_raumbezug.split("_")[1][:10]  # same Stichtag
    assert collection["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::25832"
    blocks = {f["properties"]["baublock"]: shape(f["geometry"]) for f in collection["features"]}
    assert len(blocks) == len(collection["features"])  # one feature per block
    assert set(blocks) == {r["baublock"] for r in _latest_raumbezug(small)}
    for block, polygon in blocks.items():
        assert polygon.geom_type == "Polygon" and polygon.is_valid, block
        minx, miny, maxx, maxy = polygon.bounds
        assert 300_000 < minx < maxx < 700_000 and 5_500_000 < miny < maxy < 6_000_000, block
        # a city block: between a few thousand square metres and well under a square kilometre
        assert 2_000 < polygon.area < 1_000_000, (block, polygon.area)


def test_blocks_do_not_overlap_and_cover_the_city(small) -> None:
    _, collection = _collection(small)
    polygons = [shape(f["geometry"]) for f in collection["features"]]
    union = shapely.union_all(polygons)
    total = sum(p.area for p in polygons)
    # overlapping blocks would make the sum larger than the union (centimetre rounding aside)
    assert abs(total - union.area) < 1e-6 * union.area
    # the blocks tile one connected city: the only gaps are slivers of centimetre rounding
    # along long shared edges (a few square metres), never a missing block (thousands)
    assert union.geom_type == "Polygon"
    assert all(Polygon(ring).area < 10 for ring in union.interiors)


def test_districts_and_city_districts_are_contiguous(small) -> None:
    _, collection = _collection(small)
    geometry = {f["properties"]["baublock"]: shape(f["geometry"]) for f in collection["features"]}
    rows = _latest_raumbezug(small)
    for level in ("statistischer_bezirk", "stadtbezirk"):
        areas: dict[str, list] = {}
        for r in rows:
            areas.setdefault(r[level], []).append(geometry[r["baublock"]])
        for area, parts in areas.items():
            assert shapely.union_all(parts).geom_type == "Polygon", (level, area)


def test_the_full_city_is_plausible_and_deterministic() -> None:
    import numpy as np

    from bildungspfade.synth.geography import build_geography

    geo = build_geography(np.random.default_rng([20241, 0]), 1.0)
    polygons = block_polygons(geo)
    again = block_polygons(build_geography(np.random.default_rng([20241, 0]), 1.0))
    assert [p.wkb for p in polygons] == [p.wkb for p in again]
    union = shapely.union_all(polygons)
    # a city of 300,000 covers some 150 to 400 km² (Bielefeld 259, Bonn 141, Münster 303)
    assert 150e6 < union.area < 400e6
    assert abs(sum(p.area for p in polygons) - union.area) < 1e-6 * union.area
    assert city_outline(10.0).is_valid
