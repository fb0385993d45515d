"""The optional geometrie delivery: a GeoJSON FeatureCollection, one raw row per feature.

A bad feature is quarantined with file, feature number and rule; a file that is no
FeatureCollection is rejected alone; counts reconcile (features = loaded + quarantined).
"""

from __future__ import annotations

import json
from datetime import date

import duckdb
from shapely.geometry import mapping, shape

from bildungspfade.ingest import ensure_schema, ingest_all, ingest_file, pending_files
from bildungspfade.ingest.landing import parse_name, scan
from bildungspfade.synth.block_geometry import block_polygons
from bildungspfade.synth.geography import build_geography
from tests.ingest.ingest_helpers import count, place, rows, write_csv

STICHTAG = date(2018, 1, 1)
NAME = f"geometrie_{STICHTAG.isoformat()}.geojson"


def square(x: float, y: float, side: float = 100.0) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]],
    }


def feature(block: str | None, geometry: dict | None, **props) -> dict:
    properties = {"baublock": block, "gueltig_ab": "2000-01-01", "gueltig_bis": None}
    properties.update(props)
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def collection(features: list) -> bytes:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}},
            "features": features,
        }
    ).encode()


def good_features(n: int = 4) -> list[dict]:
    return [feature(f"{1001 + i:07d}", square(462_000 + 100 * i, 5_757_000)) for i in range(n)]


def _quarantine(con):
    return con.execute(
        "select source_file, row_number, rule, column_name, reason from audit.quarantine "
        "where dataset = 'geometrie' order by row_number"
    ).fetchall()


def test_a_geojson_delivery_is_named_and_discovered_like_the_other_directories(landing) -> None:
    place(landing, "geometrie", NAME, collection(good_features()))
    (landing / "geometrie" / "geometrie_2018-01-01.csv").write_bytes(b"baublock\n0001001\n")
    found = scan(landing)
    assert [(f.dataset, f.stichtag, f.ext) for f in found.files] == [
        ("geometrie", STICHTAG, "geojson")
    ]
    [unmatched] = found.unmatched
    assert "geometrie wird als geojson geliefert, nicht csv" in unmatched.reason
    # a GeoJSON under another dataset is no delivery of it
    path = landing / "schulen" / "schulen_2018-01-01.geojson"
    path.parent.mkdir()
    path.write_bytes(b"{}")
    assert isinstance(parse_name(path, "schulen"), str)
    # the sensor's notion of "new" covers it (no delivery note needed)
    assert [p.source_file for p in pending_files(landing, set())] == [f"geometrie/{NAME}"]


def test_good_features_load_one_row_each_with_provenance(con, landing) -> None:
    delivery = place(landing, "geometrie", NAME, collection(good_features(4)))
    result = ingest_file(con, landing, delivery)
    assert (result.status, result.rows_in, result.rows_loaded, result.rows_quarantined) == (
        "loaded",
        4,
        4,
        0,
    )
    rows_ = con.execute(
        "select baublock, gueltig_ab, gueltig_bis, geometrie, _source_file, _row_number, "
        "_stichtag from raw.geometrie order by _row_number"
    ).fetchall()
    assert [r[0] for r in rows_] == ["0001001", "0001002", "0001003", "0001004"]
    assert rows_[0][1] == date(2000, 1, 1) and rows_[0][2] is None
    assert shape(json.loads(rows_[2][3])).area == 10_000.0
    assert {r[4] for r in rows_} == {f"geometrie/{NAME}"}
    assert [r[5] for r in rows_] == [1, 2, 3, 4] and rows_[0][6] == STICHTAG


def test_bad_features_are_quarantined_with_feature_number_and_rule(con, landing) -> None:
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[462_000, 5_757_000], [462_100, 5_757_100], [462_100, 5_757_000],
                         [462_000, 5_757_100], [462_000, 5_757_000]]],
    }  # fmt: skip
    in_degrees = square(8.5, 52.0, 0.001)
    features = good_features(3) + [
        feature(None, square(463_000, 5_757_000)),  # 4: no baublock
        feature("0002001", None),  # 5: no geometry
        feature("0002002", {"type": "Point", "coordinates": [462_000, 5_757_000]}),  # 6
        feature("0002003", bowtie),  # 7: self-intersecting
        feature("0002004", square(463_500, 5_757_000), gueltig_ab="01.01.2000"),  # 8
        feature("0002005", in_degrees),  # 9: WGS84 degrees, not UTM metres
        "kein Feature",  # 10
        feature("12345", square(464_000, 5_757_000)),  # 11: not 7 digits
        feature("0002006", square(464_500, 5_757_000), gueltig_bis="1999-12-31"),  # 12
    ]
    delivery = place(landing, "geometrie", NAME, collection(features))
    result = ingest_file(con, landing, delivery)

    assert result.status == "loaded"
    assert result.rows_in == 12 == result.rows_loaded + result.rows_quarantined
    assert (result.rows_loaded, result.rows_quarantined) == (3, 9)
    got = _quarantine(con)
    assert {r[0] for r in got} == {f"geometrie/{NAME}"}
    assert [(r[1], r[2], r[3]) for r in got] == [
        (4, "not_null", "baublock"),
        (5, "not_null", "geometrie"),
        (6, "geometry", "geometrie"),
        (7, "geometry", "geometrie"),
        (8, "date_format", "gueltig_ab"),
        (9, "geometry", "geometrie"),
        (10, "not_null", "baublock"),
        (11, "format", "baublock"),
        (12, "period_order", "gueltig_bis"),
    ]
    reasons = {r[1]: r[4] for r in got}
    assert "Point ist keine Fläche" in reasons[6]
    assert reasons[7].startswith("geometrie: ungültiges Polygon: Self-intersection")
    assert "EPSG:25832" in reasons[9]
    assert count(con, "select count(*) from raw.geometrie") == 3


def test_a_file_that_is_no_feature_collection_is_rejected_and_stops_only_itself(
    con, landing
) -> None:
    place(landing, "geometrie", NAME, b'{"type": "FeatureCollection", "features": [')
    place(
        landing,
        "geometrie",
        "geometrie_2019-01-01.geojson",
        json.dumps({"type": "Feature", "properties": {}, "geometry": None}).encode(),
    )
    write_csv(landing, "schulen", rows("schulen", 2))
    results = {r.source_file: r for r in ingest_all(con, landing)}

    broken = results[f"geometrie/{NAME}"]
    assert broken.status == "rejected"
    assert broken.reason.startswith(f"{NAME}: kein gültiges JSON (Zeile 1")
    single = results["geometrie/geometrie_2019-01-01.geojson"]
    assert single.status == "rejected"
    assert "keine GeoJSON-FeatureCollection (type 'Feature')" in single.reason
    assert results["schulen/schulen_2020-08-01.csv"].status == "loaded"
    assert count(con, "select count(*) from raw.geometrie") == 0
    assert count(con, "select count(*) from raw.schulen") == 2


def test_another_coordinate_system_rejects_the_file(con, landing) -> None:
    data = json.loads(collection(good_features(2)))
    data["crs"]["properties"]["name"] = "urn:ogc:def:crs:OGC:1.3:CRS84"
    result = ingest_file(con, landing, place(landing, "geometrie", NAME, json.dumps(data).encode()))
    assert result.status == "rejected"
    assert "vereinbart ist EPSG:25832" in result.reason
    assert result.rows_in == result.rows_rejected == 2


def test_the_generators_blocks_load_without_quarantine(tmp_path, landing) -> None:
    import numpy as np

    geo = build_geography(np.random.default_rng([7, 0]), 0.04)
    features = [
        feature(str(code), mapping(polygon))
        for code, polygon in zip(geo.block_code, block_polygons(geo), strict=True)
    ]
    delivery = place(landing, "geometrie", NAME, collection(features))
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ensure_schema(con)
    result = ingest_file(con, landing, delivery)
    assert (result.rows_loaded, result.rows_quarantined) == (geo.n_blocks, 0)
