"""Reading a GeoJSON delivery (geometrie): a FeatureCollection -> one row of strings per feature.

The result has the shape of a parsed CSV (parsed.Parsed), so the file checks, the row rules, the
quarantine and the audit treat a feature exactly like a CSV row: the feature's number is its
row number, its properties are the columns, and its geometry is the column `geometrie` as
GeoJSON text. Whether that geometry is a usable polygon is a row rule (rules.py, through
`geometry_problem`), so a bad feature is quarantined with its reason instead of rejecting the
file; only a file that is no FeatureCollection at all is rejected.
"""

from __future__ import annotations

import json
import math

import pyarrow as pa
import shapely
from shapely.geometry import shape

from bildungspfade import spec
from bildungspfade.ingest.errors import Rejected
from bildungspfade.ingest.parsed import UTF8_BOM, Parsed

GEOMETRY_COLUMN = "geometrie"
# EPSG:25832 names that mean the contract's CRS (old-style GeoJSON `crs` member).
CRS_NAMES = ("EPSG:25832", "urn:ogc:def:crs:EPSG::25832", "urn:ogc:def:crs:EPSG:6.9:25832")
# Where UTM zone 32N coordinates of a German municipality can lie (metres): a file in degrees
# (WGS84) or another zone falls outside and would draw its blocks somewhere else.
EASTING = (100_000.0, 900_000.0)
NORTHING = (5_000_000.0, 6_200_000.0)


def _property_text(value: object) -> str | None:
    """A property as the string a CSV field would hold (null = missing)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    return text if text != "" else None


def _crs_name(collection: dict) -> str | None:
    crs = collection.get("crs")
    if not isinstance(crs, dict):
        return None
    props = crs.get("properties")
    return props.get("name") if isinstance(props, dict) else None


def parse_geojson(data: bytes, name: str, ds: spec.Dataset) -> Parsed:
    """The features of a FeatureCollection as rows; raise Rejected if the file is none."""
    encoding = "utf-8"
    if data.startswith(UTF8_BOM):
        data, encoding = data[len(UTF8_BOM) :], "utf-8-sig"
    try:
        collection = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise Rejected(f"{name}: kein gültiges UTF-8 ab Byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise Rejected(
            f"{name}: kein gültiges JSON (Zeile {exc.lineno}, Spalte {exc.colno}: {exc.msg})"
        ) from None
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        found = collection.get("type") if isinstance(collection, dict) else type(collection)
        raise Rejected(f"{name}: keine GeoJSON-FeatureCollection (type {found!r})")
    features = collection.get("features")
    if not isinstance(features, list):
        raise Rejected(f"{name}: FeatureCollection ohne Liste 'features'")
    crs = _crs_name(collection)
    if crs is not None and crs not in CRS_NAMES:
        raise Rejected(
            f"{name}: Koordinatensystem {crs!r}, vereinbart ist {spec.GEOMETRY_CRS}",
            len(features),
        )

    spec_columns = [c for c in ds.column_names if c != GEOMETRY_COLUMN]
    rows: list[dict[str, str | None]] = []
    extras: dict[str, None] = {}
    for feature in features:
        is_feature = isinstance(feature, dict) and feature.get("type") == "Feature"
        props = feature.get("properties") if is_feature else None
        props = props if isinstance(props, dict) else {}
        row = {c: _property_text(props.get(c)) for c in spec_columns}
        for key, value in props.items():
            if key not in row and key != GEOMETRY_COLUMN:
                extras[key] = None
                row[key] = _property_text(value)
        # Not a Feature: its own JSON stands in for the geometry, so the geometry rule names it.
        geometry = feature.get("geometry") if is_feature else feature
        row[GEOMETRY_COLUMN] = None if geometry is None else json.dumps(geometry)
        rows.append(row)
    header = (*spec_columns, GEOMETRY_COLUMN, *extras)
    columns = {c: pa.array([r.get(c) for r in rows], pa.string()) for c in header}
    return Parsed(header, pa.table(columns), len(rows), encoding, None)


def geometry_problem(text: str | None) -> str | None:
    """Why a delivered geometry is no usable block polygon in EPSG:25832; None if it is one.

    A DuckDB function of the row rules (registered by load._apply_rules): a German reason that
    names the rule broken, never the coordinates.
    """
    if text is None:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return "kein GeoJSON"
    if not isinstance(value, dict):
        return "kein GeoJSON-Objekt"
    kind = value.get("type")
    if kind == "Feature" or kind not in ("Polygon", "MultiPolygon"):
        if kind in ("Point", "LineString", "MultiPoint", "MultiLineString", "GeometryCollection"):
            return f"Geometrietyp {kind} ist keine Fläche (Polygon oder MultiPolygon)"
        return f"kein GeoJSON-Feature mit Polygon (type {str(kind)[:30]!r})"
    try:
        geometry = shape(value)
    except Exception:  # noqa: BLE001 - any delivered nonsense is a bad row, never a failed file
        return f"{kind} mit ungültigen Koordinaten"
    if geometry.is_empty:
        return f"{kind} ist leer"
    if not all(math.isfinite(v) for v in geometry.bounds):
        return f"{kind} mit ungültigen Koordinaten"
    minx, miny, maxx, maxy = geometry.bounds
    if minx < EASTING[0] or maxx > EASTING[1] or miny < NORTHING[0] or maxy > NORTHING[1]:
        return (
            f"Koordinaten liegen nicht in {spec.GEOMETRY_CRS} (Rechtswert "
            f"{EASTING[0]:.0f} bis {EASTING[1]:.0f}, Hochwert {NORTHING[0]:.0f} bis "
            f"{NORTHING[1]:.0f} m erwartet; Grad statt Meter?)"
        )
    if not geometry.is_valid:
        return f"ungültiges {kind}: {shapely.is_valid_reason(geometry)[:80]}"
    if geometry.area <= 0:
        return f"{kind} ohne Fläche"
    return None
