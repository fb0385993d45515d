"""A hand-written SVG line chart for an indicator's time series (one line per series).

Missing values (suppressed or withheld) leave a gap; every point carries a tooltip, and the
table beside the chart holds the same numbers for screen readers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bildungspfade.presentation import rate_de
from bildungspfade.report.html import esc
from bildungspfade.report.palette import categorical

WIDTH = 640
HEIGHT = 280
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 16, 40


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[tuple[int, float | None], ...]  # (year, value)


def nice_step(value: float) -> float:
    """The largest of 1, 2 and 5 times a power of ten not above `value`."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    return max(m * magnitude for m in (1, 2, 5) if m * magnitude <= value)


def ticks(largest: float) -> list[float]:
    """Gridline values from 0 to just above `largest`, 3 to 8 of them."""
    step = nice_step(max(largest, 1e-9) / 4)
    count = max(2, math.ceil(largest * 1.05 / step))
    return [step * i for i in range(count + 1)]


def render(
    series: list[Series], title: str, desc: str, unit: str, ident: str, decimals: int = 1
) -> str:
    years = sorted({y for s in series for y, _ in s.points})
    values = [v for s in series for _, v in s.points if v is not None]
    grid = ticks(max(values, default=1.0))
    top = grid[-1]
    tick_decimals = 0 if all(float(t).is_integer() for t in grid) else decimals
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def x(year: int) -> float:
        if len(years) == 1:
            return LEFT + plot_w / 2
        return LEFT + plot_w * (year - years[0]) / (years[-1] - years[0])

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT + 22 * ((len(series) + 2) // 3)}" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-t">{esc(title)}</title><desc id="{ident}-d">{esc(desc)}</desc>',
        '<g class="grid">',
    ]
    for tick in grid:
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">'
            f"{esc(rate_de(tick, decimals=tick_decimals))}</text>"
        )
    step = max(1, math.ceil(len(years) / 10))
    for year in years[::step]:
        parts.append(
            f'<text x="{x(year):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">{year}</text>'
        )
    parts.append(
        f'<text x="12" y="{TOP + plot_h / 2:.1f}" transform="rotate(-90 12 '
        f'{TOP + plot_h / 2:.1f})" text-anchor="middle">{esc(unit)}</text></g>'
    )
    for i, s in enumerate(series):
        colour = categorical(i)
        segments: list[list[tuple[int, float]]] = [[]]
        for year, value in sorted(s.points):
            if value is None:
                segments.append([])
            else:
                segments[-1].append((year, value))
        for seg in segments:
            if len(seg) > 1:
                points = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in seg)
                parts.append(f'<polyline fill="none" stroke="{colour}" points="{points}"/>')
        for year, value in s.points:
            if value is not None:
                parts.append(
                    f'<circle cx="{x(year):.1f}" cy="{y(value):.1f}" r="3.5" fill="{colour}">'
                    f"<title>{esc(s.name)} {year}: "
                    f"{esc(rate_de(value, decimals=decimals))} {esc(unit)}</title>"
                    "</circle>"
                )
        lx = LEFT + (i % 3) * 200
        ly = HEIGHT + 22 * (i // 3)
        parts.append(
            f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{lx + 18}" y="{ly}">{esc(s.name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
