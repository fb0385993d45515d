"""Block polygons for the geometrie delivery: plausible, non-overlapping, in EPSG:25832.

The geography places blocks as points around their district's centre (geography.py), and those
points feed the simulation, so they stay as they are. The polygons are drawn around them: the
city outline is split into one Voronoi cell per statistical district (contiguous and disjoint
by construction, so city districts, unions of neighbouring districts, are contiguous too), and
each district cell into one cell per block, seeded at the block's point pulled into its
district. No random numbers are drawn: the same geography gives the same polygons, and the
other files of a seed stay byte-identical.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import MultiPoint, Point, Polygon

# Where the synthetic city lies in ETRS89 / UTM zone 32N (metres): a plausible place in
# Westphalia. The geography's kilometres start at this corner.
ORIGIN_EASTING = 462_000.0
ORIGIN_NORTHING = 5_757_000.0
PRECISION_M = 0.01  # coordinates to the centimetre, as cadastral exports write them


def city_outline(size_km: float) -> Polygon:
    """A city boundary around the square the geography fills: a lobed outline a little larger
    than the square, so that no district centre lies outside it."""
    angles = np.linspace(0.0, 2 * np.pi, 96, endpoint=False)
    half = size_km / 2
    # distance from the centre to the square's edge in each direction, then lobes outward
    edge = half / np.maximum(np.abs(np.cos(angles)), np.abs(np.sin(angles)))
    lobes = 1.0 + 0.05 * np.sin(3 * angles + 0.7) ** 2 + 0.03 * np.sin(7 * angles) ** 2
    radius = edge * lobes + 0.02 * size_km
    return Polygon(zip(half + radius * np.cos(angles), half + radius * np.sin(angles), strict=True))


def _cells(sites: np.ndarray, extent: Polygon) -> list[Polygon]:
    """One Voronoi cell per site (in site order), clipped to `extent`."""
    if len(sites) == 1:
        return [extent]
    regions = shapely.voronoi_polygons(MultiPoint(sites), extend_to=extent, ordered=True)
    return [shapely.intersection(cell, extent) for cell in regions.geoms]


def _pulled_inside(x: float, y: float, cell: Polygon, anchor: Point) -> tuple[float, float]:
    """The point, or the nearest point towards the cell's interior anchor that lies inside."""
    ax, ay = anchor.x, anchor.y
    t = 1.0
    while t > 1e-6 and not cell.contains(Point(ax + (x - ax) * t, ay + (y - ay) * t)):
        t *= 0.7
    return ax + (x - ax) * t, ay + (y - ay) * t


def _distinct(points: np.ndarray, span: float) -> np.ndarray:
    """Points with duplicates moved apart a little (Voronoi needs distinct sites); the offset
    depends on the position in the list only, so the result is deterministic."""
    out = points.copy()
    seen: set[tuple[float, float]] = set()
    for i in range(len(out)):
        k = 0
        while (round(out[i, 0], 6), round(out[i, 1], 6)) in seen:
            k += 1
            out[i] += span * 1e-3 * np.array([np.cos(i + k), np.sin(i + k)])
        seen.add((round(out[i, 0], 6), round(out[i, 1], 6)))
    return out


def block_polygons(geo) -> list[Polygon]:
    """One polygon per block of `geo` (in block order), in EPSG:25832 metres."""
    # the geography's square: block points are clipped to it, so its far corner is their maximum
    size_km = float(max(geo.x.max(), geo.y.max()))
    outline = city_outline(size_km)
    centres = np.column_stack(district_centres(geo))
    district_cells = _cells(_distinct(centres, size_km), outline)
    polygons: list[Polygon | None] = [None] * geo.n_blocks
    for d, cell in enumerate(district_cells):
        blocks = np.flatnonzero(geo.district == d)
        if len(blocks) == 0:
            continue
        anchor = cell.representative_point()
        sites = np.array([_pulled_inside(geo.x[b], geo.y[b], cell, anchor) for b in blocks])
        for b, part in zip(blocks, _cells(_distinct(sites, size_km), cell), strict=True):
            polygons[b] = part
    return [_to_utm(p) for p in polygons]


def _to_utm(polygon: Polygon) -> Polygon:
    metres = shapely.transform(
        polygon, lambda xy: xy * 1000.0 + np.array([ORIGIN_EASTING, ORIGIN_NORTHING])
    )
    return shapely.set_precision(metres, PRECISION_M)


def district_centres(geo) -> tuple[np.ndarray, np.ndarray]:
    """The centre of each statistical district: the mean of its blocks' points (the geography
    keeps no centres of its own)."""
    n = int(geo.district.max()) + 1
    count = np.bincount(geo.district, minlength=n)
    x = np.bincount(geo.district, weights=geo.x, minlength=n) / count
    y = np.bincount(geo.district, weights=geo.y, minlength=n) / count
    return x, y


def feature_collection(geo, valid_from: list[str], upto_day: int) -> dict:
    """The geometrie delivery as GeoJSON: one feature per block that exists on `upto_day`
    (days since 1970), with its validity as in raumbezug (`valid_from` as ISO dates)."""
    features = []
    for b, polygon in enumerate(block_polygons(geo)):
        if int(geo.block_from[b]) > upto_day:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "baublock": str(geo.block_code[b]),
                    "gueltig_ab": valid_from[b],
                    "gueltig_bis": None,
                },
                "geometry": shapely.geometry.mapping(polygon),
            }
        )
    return {
        "type": "FeatureCollection",
        "name": "baubloecke",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}},
        "features": features,
    }
