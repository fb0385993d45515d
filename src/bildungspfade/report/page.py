"""The page around the sections: one self-contained HTML file (inline CSS, no scripts, no
requests to anywhere)."""

from __future__ import annotations

from bildungspfade.report.html import esc

CSS = """
:root { --ink: #1a1a1a; --muted: #555; --line: #d0d0d0; --accent: #0b4f8a; }
* { box-sizing: border-box; }
body { font: 15px/1.5 "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink);
  margin: 0; background: #fafafa; }
header, main, footer { max-width: 1040px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 24px; border-bottom: 3px solid var(--accent); }
h1 { font-size: 1.7rem; margin: 0 0 4px; color: var(--accent); }
h2 { font-size: 1.35rem; margin: 36px 0 8px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 22px 0 6px; }
.meta { color: var(--muted); margin: 0 0 12px; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 18px; }
nav a { color: var(--accent); }
a:focus, summary:focus { outline: 3px solid #E69F00; }
code { background: #eee; padding: 0 3px; }
figure { margin: 12px 0; }
svg { width: 100%; height: auto; background: #fff; border: 1px solid var(--line); }
svg text { font: 12px "DejaVu Sans", Arial, sans-serif; fill: var(--ink); }
svg .col-title { font-weight: bold; }
.sankey .links path { fill: none; stroke-opacity: 0.45; }
.sankey .links path:hover { stroke-opacity: 0.8; }
.sankey rect { stroke: #333; stroke-width: 0.5; }
.sankey .node-label { paint-order: stroke; stroke: #fff; stroke-width: 3px;
  stroke-linejoin: round; }
.chart-figure { max-width: 760px; }
.chart .grid line { stroke: #e3e3e3; }
.chart polyline { stroke-width: 2.5; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0 16px; background: #fff; min-width: 50%; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 3px 8px; vertical-align: top; }
thead th { background: #eef3f8; }
tbody th { text-align: left; font-weight: normal; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
abbr { text-decoration: underline dotted; cursor: help; }
details { margin: 6px 0 14px; }
summary { cursor: pointer; color: var(--accent); }
.note, .definition { color: var(--muted); }
.legend-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
dl.flags { display: grid; grid-template-columns: 2.5em 1fr; margin: 0; }
dl.flags dt { font-weight: bold; }
dl.flags dd { margin: 0 0 4px; }
.tiles { list-style: none; padding: 0; margin: 8px 0; display: grid;
  grid-template-columns: repeat(auto-fill, minmax(120px, 1fr)); gap: 4px; }
.tiles li { padding: 6px; min-height: 58px; border: 1px solid #999; }
.tile-name { display: block; font-size: 0.8rem; }
.tile-value { display: block; font-weight: bold; }
.tilemap .legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px;
  font-size: 0.85rem; }
.swatch { display: inline-block; width: 14px; height: 14px; border: 1px solid #999;
  margin-right: 4px; vertical-align: -2px; }
.maps { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 12px; }
.map-panel h4 { margin: 4px 0; font-size: 0.95rem; }
.map-defs { position: absolute; width: 0; height: 0; border: 0; overflow: hidden; }
.choropleth .map-areas use { stroke: #ffffff; stroke-width: 1; }
.choropleth .map-areas use:hover { stroke: #000; stroke-width: 3; }
.choropleth .map-overlay { fill: none; stroke: #1a1a1a; stroke-width: 2.4; }
.choropleth .map-label { font-size: 20px; font-weight: bold; paint-order: stroke; stroke: #fff;
  stroke-width: 5px; stroke-linejoin: round; }
.map-legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px;
  font-size: 0.85rem; }
.map-legend svg.swatch { border: 1px solid #999; background: none; }
footer { color: var(--muted); font-size: 0.85rem; padding: 24px 20px 40px; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { font-size: 10pt; background: #fff; }
  header, main, footer { max-width: none; padding: 0; }
  nav, summary { display: none; }
  /* each section on its own pages; nothing is cut between pages */
  main > section { break-before: page; }
  main > section:first-child { break-before: auto; }
  h2, h3, caption { break-after: avoid; }
  figure, svg, .tilemap, .tiles, .map-figure, .maps, tr, dl.flags { break-inside: avoid; }
  .maps { grid-template-columns: 1fr 1fr; }
  article.indicator, article.small-area { break-inside: avoid-page; }
  /* the value tables behind the charts print too, whole and within the page width */
  details::details-content { content-visibility: visible; display: block; }
  .table-wrap { overflow: visible; }
  table { width: 100%; min-width: 0; font-size: 8.5pt; }
  thead { display: table-header-group; }
  th, td { padding: 1px 4px; }
  .chart-figure { max-width: 100%; }
  .tiles { grid-template-columns: repeat(auto-fill, minmax(95px, 1fr)); }
  a { color: inherit; text-decoration: none; }
}
"""

TITLE = "Bildungspfade: Bericht zum kommunalen Bildungsmonitoring"


def render(sections: list[str], published_at: str, source_name: str) -> str:
    nav = (
        '<nav aria-label="Inhalt"><ul>'
        '<li><a href="#lesehilfe">Lesehilfe</a></li>'
        '<li><a href="#pfade">Bildungspfade</a></li>'
        '<li><a href="#klasse5">Übergang Klasse 5</a></li>'
        '<li><a href="#indikatoren">Indikatoren</a></li>'
        '<li><a href="#kleinraeumig">Kleinräumig</a></li></ul></nav>'
    )
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{esc(TITLE)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{esc(TITLE)}</h1>"
        f'<p class="meta">Stand der Veröffentlichung: {esc(published_at)} · Datengrundlage: '
        f"{esc(source_name)} (nur geheimhaltungsgeprüfte Werte)</p>{nav}</header>"
        f"<main>{''.join(sections)}</main>"
        "<footer>Erzeugt mit <code>bildungspfade report</code> aus dem Schema "
        "<code>published</code>. Diese Datei ist in sich geschlossen und lädt nichts nach.</footer>"
        "</body></html>"
    )
