"""A choropleth map as inline SVG: the published area outlines (published.pub_area_geometries)
filled by class of the value, drawn offline (no tiles, no scripts).

Withheld areas (no published value) are hatched, not greyed: a grey would read as a low value
on a sequential scale, and hatching survives black-and-white printing. Every area carries a
<title> with its name and value, and the values stand in the table under the map, so colour
is never the only carrier of a number.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from shapely.geometry import shape

from bildungspfade.presentation import SIGN_LATER, SIGN_MEANING, rate_de, sign_for
from bildungspfade.report.html import esc
from bildungspfade.report.palette import SEQUENTIAL
from bildungspfade.report.tilemap import class_of, shade

WIDTH = 840  # drawing units across (integers: about a third of a printed millimetre each)
MARGIN = 8
HATCH_INK = "#4d4d4d"
NO_DATA = "#ffffff"


@dataclass(frozen=True)
class MapArea:
    area_id: str
    name: str
    ref: str  # id of the area's outline in the report's one set of outlines (Outlines)
    label_at: tuple[int, int]  # where a value written into the area goes
    value: float | None  # None: no published value (see flag)
    flag: str  # '' or s, z, w, …
    has_row: bool = True  # False: an outline without a published row ('keine Daten')


def _hatch_kind(area: MapArea) -> str | None:
    """Which hatching an area without a value gets: the awaited ones (…) differ from the
    withheld ones (•, /), since they will get a value with the next delivery."""
    if area.value is not None or not area.has_row:
        return None
    return "later" if area.flag == SIGN_LATER else "withheld"


def _rings(geometry) -> list:
    polygons = geometry.geoms if geometry.geom_type == "MultiPolygon" else [geometry]
    return [ring for p in polygons for ring in (p.exterior, *p.interiors)]


def element_id(level: str, area_id: str) -> str:
    return "geo-" + re.sub(r"[^A-Za-z0-9_-]", "_", f"{level}-{area_id}")


class Outlines:
    """Every published outline, projected once for the whole report (EPSG:25832 metres ->
    drawing units, north up, one scale for the whole city): each map then refers to the
    outlines with <use> instead of repeating them, which keeps a report of 40 maps of 70
    districts small."""

    def __init__(self, geometries: dict[tuple[str, str], str]) -> None:
        self.shapes = {key: shape(json.loads(g)) for key, g in geometries.items()}
        if not self.shapes:
            self.height = 0
            return
        xs0, ys0, xs1, ys1 = zip(*(s.bounds for s in self.shapes.values()), strict=True)
        self.minx, self.maxy = min(xs0), max(ys1)
        span = max(max(xs1) - self.minx, max(ys1) - min(ys0), 1.0)
        self.scale = (WIDTH - 2 * MARGIN) / span
        self.height = round((self.maxy - min(ys0)) * self.scale) + 2 * MARGIN

    def point(self, x: float, y: float) -> tuple[int, int]:
        return (
            round(MARGIN + (x - self.minx) * self.scale),
            round(MARGIN + (self.maxy - y) * self.scale),
        )

    def path(self, geometry) -> str:
        parts = []
        for ring in _rings(geometry):
            points: list[tuple[int, int]] = []
            for x, y in ring.coords[:-1]:
                p = self.point(x, y)
                if not points or p != points[-1]:  # a vertex that rounds onto the last one
                    points.append(p)
            if len(points) >= 3:
                parts.append("M" + " ".join(f"{px},{py}" for px, py in points) + "Z")
        return "".join(parts)

    def label_at(self, level: str, area_id: str) -> tuple[int, int]:
        return self.point(*self.shapes[(level, area_id)].representative_point().coords[0])

    def definitions(self, levels: set[str]) -> str:
        """The outlines of `levels` as one hidden SVG of paths that the maps <use>."""
        paths = "".join(
            f'<path id="{element_id(level, area_id)}" d="{self.path(geometry)}"/>'
            for (level, area_id), geometry in sorted(self.shapes.items())
            if level in levels
        )
        return (
            '<svg class="map-defs" aria-hidden="true" focusable="false" width="0" height="0" '
            f'xmlns="http://www.w3.org/2000/svg"><defs>{paths}</defs></svg>'
        )


def _patterns(map_id: str) -> str:
    withheld = (
        f'<pattern id="{map_id}-withheld" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{HATCH_INK}" stroke-width="3"/></pattern>'
    )
    later = (
        f'<pattern id="{map_id}-later" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#ffffff"/>'
        f'<circle cx="4" cy="4" r="1.6" fill="{HATCH_INK}"/></pattern>'
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
    height: int,
    overlay: list[str] = (),
    labels: bool = False,
) -> str:
    """One map: every area its outline filled by class (or hatched), the outlines `overlay`
    (element ids) drawn on top as lines, and with `labels` the value written into each area."""
    uses, texts = [], []
    for area in areas:
        value = shown(area, unit, decimals)
        uses.append(
            f'<use href="#{area.ref}" fill="{fill_for(area, bounds, map_id)}">'
            f"<title>{esc(area.name)}: {esc(value)}</title></use>"
        )
        if labels:
            px, py = area.label_at
            texts.append(
                f'<text x="{px}" y="{py}" text-anchor="middle" class="map-label">'
                f"{esc(value.replace(' ' + unit, '') if unit else value)}</text>"
            )
    lines = [f'<use href="#{ref}" class="map-overlay"/>' for ref in overlay]
    return (
        f'<svg class="choropleth" role="img" viewBox="0 0 {WIDTH} {height}"'
        f' aria-labelledby="{map_id}-t {map_id}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{map_id}-t">{esc(title)}</title><desc id="{map_id}-d">{esc(desc)}</desc>'
        f"{_patterns(map_id)}"
        f'<g class="map-areas" fill-rule="evenodd">{"".join(uses)}</g>'
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
        meaning = "; ".join(f"„{s}“ {SIGN_MEANING.get(s, '')}".strip() for s in sorted(signs))
        text = f"schraffiert: Wert gesperrt / nicht veröffentlicht ({meaning})"
        items.append(_hatched_item(map_id, "withheld", text))
    if any(_hatch_kind(a) == "later" for a in areas):
        text = f"gepunktet: „{SIGN_LATER}“ {SIGN_MEANING[SIGN_LATER]}"
        items.append(_hatched_item(map_id, "later", text))
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
