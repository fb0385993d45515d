"""One row per area level and area of the current small-area geography that has block
geometry: the area's outline dissolved from its blocks (raumbezug says which blocks form it),
simplified for maps. Geometry is public; nothing here comes from a person-level table.

The blocks are snapped to a half-metre grid before they are joined, and in the end holes that
are slivers (smaller than MIN_HOLE_M2 or narrower than MAX_SLIVER_WIDTH_M on average) are
filled: rounding leaves them between neighbouring blocks, while a real enclave is at least a
block, thousands of square metres. The areas of one level are
simplified together as a coverage, so that neighbours keep one shared edge (no gaps or
overlaps appear between districts on the map)."""

# published area level -> its column in stg_raumbezug__blocks (None: the whole city)
LEVELS = {
    "stadt": None,
    "stadtbezirk": "city_district_id",
    "statistischer_bezirk": "statistical_district_id",
    "sozialraum": "social_area_id",
    "grundschulbezirk": "primary_catchment_id",
}
COLUMNS = [
    "area_level",
    "area_id",
    "block_count",
    "blocks_with_geometry",
    "area_m2",
    "geometry_reference_date",
    "geometry_geojson",
]
SNAP_GRID_M = 0.5
MIN_HOLE_M2 = 100.0
MAX_SLIVER_WIDTH_M = 2.0
OUTPUT_GRID_M = 1.0  # a metre is far below a pixel of any printed map


def _without_slivers(geometry):
    """The outline with every sliver hole filled."""
    from shapely.geometry import MultiPolygon, Polygon

    def is_sliver(ring):
        hole = Polygon(ring)
        # mean width of a thin hole: twice its area over its perimeter
        return hole.area < MIN_HOLE_M2 or 2 * hole.area / hole.length < MAX_SLIVER_WIDTH_M

    def fill(polygon):
        holes = [r for r in polygon.interiors if not is_sliver(r)]
        return Polygon(polygon.exterior, holes)

    if geometry.geom_type == "Polygon":
        return fill(geometry)
    if geometry.geom_type == "MultiPolygon":
        return MultiPolygon([fill(p) for p in geometry.geoms])
    return geometry


def _simplified(shapes, tolerance):
    """The outlines of one level, simplified together when they form a valid coverage."""
    import shapely

    if tolerance <= 0:
        return list(shapes)
    if len(shapes) > 1 and bool(shapely.coverage_is_valid(shapes)):
        return list(shapely.coverage_simplify(shapes, tolerance))
    return [shapely.simplify(s, tolerance, preserve_topology=True) for s in shapes]


def dissolve(blocks, geometries, tolerance, reference_date=None):
    """Area outlines from `blocks` (block_id and the LEVELS columns) and `geometries`
    (block_id, geometry_geojson): a DataFrame with COLUMNS."""
    import numpy as np
    import pandas as pd
    import shapely

    shapes = dict(
        zip(
            geometries["block_id"],
            shapely.from_geojson(geometries["geometry_geojson"].to_numpy()),
            strict=True,
        )
    )
    rows = []
    for level, column in LEVELS.items():
        ids = pd.Series("stadt", index=blocks.index) if column is None else blocks[column]
        members = blocks.assign(area_id=ids).dropna(subset=["area_id"])
        areas, outlines, counts = [], [], []
        for area_id, group in members.groupby("area_id", sort=True):
            parts = [shapes[b] for b in group["block_id"] if b in shapes]
            if not parts:
                continue
            areas.append(area_id)
            outlines.append(shapely.union_all(parts, grid_size=SNAP_GRID_M))
            counts.append((len(group), len(parts)))
        if not outlines:
            continue
        simple = _simplified(np.array(outlines, dtype=object), tolerance)
        for area_id, outline, shape, (n_blocks, n_shapes) in zip(
            areas, outlines, simple, counts, strict=True
        ):
            shape = _without_slivers(shapely.set_precision(shape, OUTPUT_GRID_M))
            rows.append(
                {
                    "area_level": level,
                    "area_id": str(area_id),
                    "block_count": n_blocks,
                    "blocks_with_geometry": n_shapes,
                    "area_m2": float(outline.area),
                    "geometry_reference_date": reference_date,
                    "geometry_geojson": shapely.to_geojson(shape),
                }
            )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["block_count"] = frame["block_count"].astype("Int64")
    frame["blocks_with_geometry"] = frame["blocks_with_geometry"].astype("Int64")
    frame["area_m2"] = frame["area_m2"].astype("float64")
    frame["geometry_reference_date"] = pd.to_datetime(frame["geometry_reference_date"]).dt.date
    return frame


def model(dbt, session):
    dbt.config(materialized="table")
    blocks = (
        dbt.ref("stg_raumbezug__blocks")
        .filter("is_latest_snapshot and not is_exact_duplicate and valid_to is null")
        .select(
            "block_id, statistical_district_id, city_district_id, social_area_id, "
            "primary_catchment_id"
        )
        .df()
    )
    geometries = (
        dbt.ref("stg_geometrie__blocks")
        .filter("is_latest_snapshot and not is_exact_duplicate and valid_to is null")
        .order("block_id, valid_from desc")
        .select("block_id, geometry_geojson, reference_date")
        .df()
        .drop_duplicates("block_id")
    )
    reference = geometries["reference_date"].max() if len(geometries) else None
    tolerance = float(dbt.config.get("simplify_tolerance_m") or 0)
    return dissolve(blocks, geometries, tolerance, reference)
