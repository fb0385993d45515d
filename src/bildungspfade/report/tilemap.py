"""A schematic tile map: one tile per small area, coloured by quantile class of the value.

The fallback where no area geometry is published (the optional geometrie delivery is missing or
was rejected; report/choropleth.py draws real maps otherwise): a choropleth without a base map
(no tiles fetched from anywhere), areas ordered by their key, every tile naming its area and
value in text.
"""

from __future__ import annotations

from dataclasses import dataclass

from bildungspfade.presentation import FLAG_MEANING, rate_de, sign_for
from bildungspfade.report.html import esc
from bildungspfade.report.palette import SEQUENTIAL, SEQUENTIAL_TEXT, SUPPRESSED


@dataclass(frozen=True)
class Tile:
    area_id: str
    name: str
    value: float | None
    flag: str


def breaks(values: list[float], classes: int = len(SEQUENTIAL)) -> list[float]:
    """Upper bounds of equal-count classes (quantiles), at most one per distinct value."""
    ordered = sorted(values)
    classes = min(classes, len(set(ordered)))
    bounds: list[float] = []
    for i in range(classes):
        index = max(0, -(-len(ordered) * (i + 1) // classes) - 1)
        if not bounds or ordered[index] > bounds[-1]:
            bounds.append(ordered[index])
    return bounds


def shade(k: int, classes: int) -> int:
    """Palette step of class k; fewer classes than steps are spread over the palette."""
    if classes <= 1:
        return len(SEQUENTIAL) // 2
    return round(k * (len(SEQUENTIAL) - 1) / (classes - 1))


def class_of(value: float, bounds: list[float]) -> int:
    """The 0-based class of a value under the upper bounds `bounds`."""
    for i, bound in enumerate(bounds):
        if value <= bound:
            return i
    return len(bounds) - 1


def render(tiles: list[Tile], caption: str, unit: str, decimals: int = 1) -> str:
    values = [t.value for t in tiles if t.value is not None]
    bounds = breaks(values)
    items = []
    for tile in sorted(tiles, key=lambda t: t.area_id):
        if tile.value is None:
            bg, fg = SUPPRESSED, "#000000"
            shown = sign_for(tile.flag or None)
            note = FLAG_MEANING.get(tile.flag, "nicht ausgewiesen")
        else:
            k = class_of(tile.value, bounds)
            step = shade(k, len(bounds))
            bg, fg = SEQUENTIAL[step], SEQUENTIAL_TEXT[step]
            shown = f"{rate_de(tile.value, decimals=decimals)} {unit}"
            note = f"Klasse {k + 1} von {len(bounds)}"
        items.append(
            f'<li style="background:{bg};color:{fg}" title="{esc(note)}">'
            f'<span class="tile-name">{esc(tile.name)}</span>'
            f'<span class="tile-value">{esc(shown)}</span></li>'
        )
    legend = []
    for k, bound in enumerate(bounds):
        colour = SEQUENTIAL[shade(k, len(bounds))]
        upper = rate_de(bound, decimals=decimals)
        span = (
            f"bis {upper}"
            if k == 0
            else (f"über {rate_de(bounds[k - 1], decimals=decimals)} bis {upper}")
        )
        legend.append(
            f'<li><span class="swatch" style="background:{colour}"></span>'
            f"{esc(span)} {esc(unit)}</li>"
        )
    legend.append(
        f'<li><span class="swatch" style="background:{SUPPRESSED}"></span>'
        "nicht ausgewiesen (•, /)</li>"
    )
    return (
        f'<figure class="tilemap"><figcaption>{esc(caption)}</figcaption>'
        f'<ul class="tiles">{"".join(items)}</ul>'
        f'<ul class="legend" aria-label="Legende">{"".join(legend)}</ul></figure>'
    )
