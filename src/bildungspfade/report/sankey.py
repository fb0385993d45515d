"""A hand-written SVG Sankey diagram of pathway links (Kita → … → next step).

Layout: one column per stage; a node's height is the larger of its inflow and outflow; links
stack in the order of the nodes they lead to, so they do not cross at a node. Suppressed links
(null count) are not drawn: the caller lists them beside the diagram.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from bildungspfade.presentation import count_de
from bildungspfade.report.html import esc
from bildungspfade.report.palette import categorical

WIDTH = 960
HEIGHT = 460
NODE_WIDTH = 14
GAP = 24  # room for a node's two label lines
TOP = 34  # room for column headings
BOTTOM = 22  # room for the second label line of the lowest node
LABEL_ROOM = 230  # room for the labels of the last column, right of its nodes


@dataclass(frozen=True)
class Link:
    column: int  # column of the source; the target sits in column + 1
    source: str
    target: str
    count: int
    flag: str


@dataclass
class Node:
    column: int
    label: str
    inflow: int = 0
    outflow: int = 0
    y: float = 0.0
    height: float = 0.0
    links_out: list[Link] = field(default_factory=list)
    links_in: list[Link] = field(default_factory=list)

    @property
    def value(self) -> int:
        return max(self.inflow, self.outflow)


def _nodes(links: list[Link]) -> dict[tuple[int, str], Node]:
    nodes: dict[tuple[int, str], Node] = {}
    for link in links:
        src = nodes.setdefault((link.column, link.source), Node(link.column, link.source))
        dst = nodes.setdefault((link.column + 1, link.target), Node(link.column + 1, link.target))
        src.outflow += link.count
        src.links_out.append(link)
        dst.inflow += link.count
        dst.links_in.append(link)
    return nodes


def _place(nodes: dict[tuple[int, str], Node], height: float) -> float:
    """Set y and height of every node; returns the scale (pixels per person)."""
    columns: dict[int, list[Node]] = defaultdict(list)
    for node in nodes.values():
        columns[node.column].append(node)
    usable = height - TOP - BOTTOM
    scale = min(
        (usable - GAP * (len(col) - 1)) / max(1, sum(n.value for n in col))
        for col in columns.values()
    )
    for col in columns.values():
        col.sort(key=lambda n: (-n.value, n.label))
        total = sum(n.value for n in col) * scale + GAP * (len(col) - 1)
        y = TOP + (usable - total) / 2
        for node in col:
            node.y = y
            node.height = max(1.0, node.value * scale)
            y += node.height + GAP
    return scale


def _x(column: int, n_columns: int) -> float:
    span = WIDTH - NODE_WIDTH - LABEL_ROOM
    return 10 + span * column / max(1, n_columns - 1)


def render(links: list[Link], column_titles: list[str], title: str, desc: str, ident: str) -> str:
    """The SVG for one cohort group; `ident` makes element ids unique on the page."""
    nodes = _nodes(links)
    n_columns = max((n.column for n in nodes.values()), default=0) + 1
    per_column: dict[int, int] = defaultdict(int)
    for node in nodes.values():
        per_column[node.column] += 1
    # many small nodes in a column need room for their two label lines
    height = max(HEIGHT, TOP + max(per_column.values(), default=0) * (GAP + 12) + 20)
    scale = _place(nodes, height)
    # one colour per label, in order of first appearance: a school form keeps its colour
    colours: dict[str, str] = {}
    for node in sorted(nodes.values(), key=lambda n: (n.column, n.y)):
        colours.setdefault(node.label, categorical(len(colours)))
    parts = [
        f'<svg class="sankey" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-t">{esc(title)}</title><desc id="{ident}-d">{esc(desc)}</desc>',
    ]
    for column in range(n_columns):
        anchor = "start"
        x = _x(column, n_columns)
        heading = column_titles[column] if column < len(column_titles) else f"Stufe {column + 1}"
        parts.append(
            f'<text class="col-title" x="{x:.1f}" y="16" text-anchor="{anchor}">'
            f"{esc(heading)}</text>"
        )
    parts.append('<g class="links">')
    out_offset: dict[tuple[int, str], float] = defaultdict(float)
    in_offset: dict[tuple[int, str], float] = defaultdict(float)
    ordered = sorted(
        links,
        key=lambda lk: (
            lk.column,
            nodes[(lk.column, lk.source)].y,
            nodes[(lk.column + 1, lk.target)].y,
        ),
    )
    for link in ordered:
        src = nodes[(link.column, link.source)]
        dst = nodes[(link.column + 1, link.target)]
        width = max(1.0, link.count * scale)
        y0 = src.y + out_offset[(src.column, src.label)] + width / 2
        y1 = dst.y + in_offset[(dst.column, dst.label)] + width / 2
        out_offset[(src.column, src.label)] += link.count * scale
        in_offset[(dst.column, dst.label)] += link.count * scale
        x0 = _x(src.column, n_columns) + NODE_WIDTH
        x1 = _x(dst.column, n_columns)
        xm = (x0 + x1) / 2
        colour = colours[link.source]
        flag = f" ({link.flag})" if link.flag else ""
        parts.append(
            f'<path d="M{x0:.1f},{y0:.1f} C{xm:.1f},{y0:.1f} {xm:.1f},{y1:.1f} {x1:.1f},{y1:.1f}" '
            f'stroke="{colour}" stroke-width="{width:.1f}"><title>{esc(link.source)} → '
            f"{esc(link.target)}: {count_de(link.count)}{flag}</title></path>"
        )
    parts.append('</g><g class="nodes">')
    for node in nodes.values():
        x = _x(node.column, n_columns)
        tx = x + NODE_WIDTH + 5
        ty = node.y + node.height / 2 - 2
        parts.append(
            f'<rect x="{x:.1f}" y="{node.y:.1f}" width="{NODE_WIDTH}" height="{node.height:.1f}" '
            f'fill="{colours[node.label]}"><title>{esc(node.label)}: {count_de(node.value)}'
            f'</title></rect><text class="node-label" x="{tx:.1f}" y="{ty:.1f}">'
            f'{esc(node.label)}<tspan x="{tx:.1f}" dy="13">{count_de(node.value)}</tspan></text>'
        )
    parts.append("</g></svg>")
    return "".join(parts)
