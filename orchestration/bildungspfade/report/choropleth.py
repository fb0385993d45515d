"""A choropleth map as inline SVG: the published area outlines (published.pub_area_geometries)
filled by class of the value, drawn offline (no tiles, no scripts).

Withheld areas (no published value) are hatched, not greyed: a grey would read as a low value
on a sequential scale, and hatching survives black-and-white printing. Every area carries a
<title> with its name and value, and the values stand in the table under the map, so colour
is never the only carrier of a number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from shapely.geometry import shape

from bildungspfade.presentation import SIGN_LATER, SIGN_MEANING, rate_de, sign_for
from bildungspfade.report.html import esc
from bildungspfade.report.palette import SEQUENTIAL
from bildungspfade.report.tilemap import class_of, shade

WIDTH = 420.0  # px of the drawing; the page scales it
MARGIN = 6.0
HATCH_INK = "#4d4d4d"
NO_DATA = "#ffffff"


@dataclass(frozen=True)
class MapArea:
    area_id: str
    name: str
    geometry: str  # GeoJSON in EPSG:25832
    value: float | None  # None: no published value (see flag)
    flag: str  # '' or s, z, w, …; None value and no row at all: 'keine Daten'
    has_row: bool = True


def _hatch_kind(area: MapArea) -> str | None:
    """Which hatching an area without a value gets: the awaited ones (…) differ from the
    withheld ones (•, /), since they will get a value with the next delivery."""
    if area.value is not None or not area.has_row:
        return None
    return "later" if area.flag == SIGN_LATER else "withheld"


def _rings(geometry) -> list:
    polygons = geometry.geoms if geometry.geom_type == "MultiPolygon" else [geometry]
    return [ring for p in polygons for ring in (p.exterior, *p.interiors)]


class Projection:
    """EPSG:25832 metres -> SVG pixels: north up, one scale for both axes."""

    def __init__(self, shapes: list) -> None:
        xs0, ys0, xs1, ys1 = zip(*(s.bounds for s in shapes), strict=True)
        self.minx, self.miny, self.maxx, self.maxy = min(xs0), min(ys0), max(xs1), max(ys1)
        span = max(self.maxx - self.minx, 1.0)
        self.scale = (WIDTH - 2 * MARGIN) / span
        self.height = (self.maxy - self.miny) * self.scale + 2 * MARGIN

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (
            MARGIN + (x - self.minx) * self.scale,
            MARGIN + (self.maxy - y) * self.scale,
        )

    def path(self, geometry) -> str:
        parts = []
        for ring in _rings(geometry):
            points = [self.point(x, y) for x, y in ring.coords[:-1]]
            parts.append("M" + " L".join(f"{px:.1f},{py:.1f}" for px, py in points) + " Z")
        return " ".join(parts)


def _patterns(map_id: str) -> str:
    withheld = (
        f'<pattern id="{map_id}-withheld" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HATCH_INK}" stroke-width="2"/></pattern>'
    )
    later = (
        f'<pattern id="{map_id}-later" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#ffffff"/>'
        f'<circle cx="3" cy="3" r="1.2" fill="{HATCH_INK}"/></pattern>'
    )
    return f"<defs>{withheld}{later}</defs>"


def fill_for(area: MapArea, bounds: list[float], map_id: str) -> str:
    kind = _hatch_kind(area)
    if kind is not None:
        return f"url(#{map_id}-{kind})"
    if area.value is None:
        return NO_DATA
    return SEQUENTIAL[shade(class_of(area.value, bounds), len(bounds))]


def shown(area: MapArea, unit: str, decimals: int) -> str:
    if not area.has_row:
        return "keine Daten"
    if area.value is None:
        return sign_for(area.flag or None)
    return f"{rate_de(area.value, decimals=decimals)} {unit}"


def render_svg(
    areas: list[MapArea],
    bounds: list[float],
    title: str,
    desc: str,
    map_id: str,
    unit: str,
    decimals: int,
    overlay: list[str] = (),
    labels: bool = False,
) -> str:
    """One map: every area a path filled by class (or hatched), `overlay` outlines (GeoJSON)
    drawn on top as thicker lines, and with `labels` the value written into each area."""
    shapes = [shape(json.loads(a.geometry)) for a in areas]
    projection = Projection(shapes)
    paths, texts = [], []
    for area, geometry in zip(areas, shapes, strict=True):
        value = shown(area, unit, decimals)
        paths.append(
            f'<path d="{projection.path(geometry)}" fill="{fill_for(area, bounds, map_id)}">'
            f"<title>{esc(area.name)}: {esc(value)}</title></path>"
        )
        if labels:
            px, py = projection.point(*geometry.representative_point().coords[0])
            texts.append(
                f'<text x="{px:.1f}" y="{py:.1f}" text-anchor="middle" class="map-label">'
                f"{esc(value.replace(' ' + unit, '') if unit else value)}</text>"
            )
    lines = [
        f'<path d="{projection.path(shape(json.loads(g)))}" class="map-overlay"/>' for g in overlay
    ]
    return (
        f'<svg class="choropleth" role="img" viewBox="0 0 {WIDTH:.0f} {projection.height:.0f}"'
        f' aria-labelledby="{map_id}-t {map_id}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{map_id}-t">{esc(title)}</title><desc id="{map_id}-d">{esc(desc)}</desc>'
        f"{_patterns(map_id)}"
        f'<g class="map-areas" fill-rule="evenodd">{"".join(paths)}</g>'
        f'<g class="map-overlays">{"".join(lines)}</g>'
        f'<g class="map-labels">{"".join(texts)}</g></svg>'
    )


def legend(bounds: list[float], unit: str, decimals: int, areas: list[MapArea], map_id: str) -> str:
    """The classes in German number format, then a hatched swatch for each kind of missing
    value that the maps show, in the words of the reading guide (Lesehilfe)."""
    items = []
    for k, bound in enumerate(bounds):
        colour = SEQUENTIAL[shade(k, len(bounds))]
        upper = rate_de(bound, decimals=decimals)
        span = (
            f"bis {upper}"
            if k == 0
            else f"über {rate_de(bounds[k - 1], decimals=decimals)} bis {upper}"
        )
        items.append(
            f'<li><svg class="swatch" viewBox="0 0 14 14" aria-hidden="true">'
            f'<rect width="14" height="14" fill="{colour}"/></svg>{esc(span)} {esc(unit)}</li>'
        )
    signs = {sign_for(a.flag or None) for a in areas if _hatch_kind(a) == "withheld"}
    if signs:
        meaning = "; ".join(f"{s} {SIGN_MEANING.get(s, '')}".strip() for s in sorted(signs))
        text = f"Wert gesperrt / nicht veröffentlicht: {meaning}"
        items.append(_hatched_item(map_id, "withheld", text))
    if any(_hatch_kind(a) == "later" for a in areas):
        items.append(_hatched_item(map_id, "later", SIGN_MEANING[SIGN_LATER]))
    if any(not a.has_row for a in areas):
        items.append(
            '<li><svg class="swatch" viewBox="0 0 14 14" aria-hidden="true">'
            f'<rect width="14" height="14" fill="{NO_DATA}" stroke="#999"/></svg>'
            "keine Daten für dieses Gebiet veröffentlicht</li>"
        )
    return f'<ul class="legend map-legend" aria-label="Legende">{"".join(items)}</ul>'


def _hatched_item(map_id: str, kind: str, text: str) -> str:
    # the swatch's own patterns, under ids of the legend's own
    swatch_id = f"{map_id}-legend-{kind}"
    return (
        f'<li><svg class="swatch" viewBox="0 0 14 14" aria-hidden="true">{_patterns(swatch_id)}'
        f'<rect width="14" height="14" fill="url(#{swatch_id}-{kind})"/></svg>'
        f"{esc(text)}</li>"
    )
