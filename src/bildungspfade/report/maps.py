"""The small-area figure of one indicator: choropleth maps of the statistical districts (or the
finest published level) and of the city districts, with one legend, when outlines are
published; the schematic tile map otherwise."""

from __future__ import annotations

from bildungspfade.presentation import AREA_LEVEL, AREA_LEVEL_BY
from bildungspfade.report import choropleth, tilemap
from bildungspfade.report.data import ReportData
from bildungspfade.report.html import esc

CITY_DISTRICTS = "stadtbezirk"


def outlines_of(data: ReportData) -> choropleth.Outlines:
    """Every published outline, projected once for all maps of the report."""
    return choropleth.Outlines({key: row["geometry"] for key, row in data.geometries.items()})


def definitions(data: ReportData, outlines: choropleth.Outlines) -> str:
    """The hidden SVG of the outlines the maps use: the levels that have small-area rows, and
    the city districts (drawn beside them and as borders on them)."""
    levels = {r["area_level"] for r in data.small_areas} | {CITY_DISTRICTS}
    return outlines.definitions(levels) if data.geometries else ""


def _areas(
    rows: list[dict], level: str, data: ReportData, outlines: choropleth.Outlines
) -> tuple[list[choropleth.MapArea], int]:
    """Every outlined area of `level` with its published row (an area without a row is drawn
    empty), and how many rows have no outline (they stay in the table only)."""
    by_id = {str(r["area_id"]): r for r in rows}
    published = data.outlines(level)
    areas = []
    for area_id, outline in sorted(published.items()):
        row = by_id.get(area_id)
        areas.append(
            choropleth.MapArea(
                area_id=area_id,
                name=(row or {}).get("area_name") or outline.get("area_name") or area_id,
                ref=choropleth.element_id(level, area_id),
                label_at=outlines.label_at(level, area_id),
                value=None if row is None else row["value"],
                flag="" if row is None else (row["flag"] or ""),
                has_row=row is not None,
            )
        )
    return areas, len(set(by_id) - set(published))


def has_outlines(data: ReportData, level: str) -> bool:
    return bool(data.outlines(level))


def figure(
    data: ReportData,
    outlines: choropleth.Outlines,
    rows: list[dict],
    districts: list[dict],
    caption: str,
    unit: str,
    decimals: int,
    map_id: str,
) -> str:
    """The maps of one indicator category: `rows` at their level, `districts` (stadtbezirk
    rows of the same indicator, year and category; may be empty) beside them."""
    level = rows[0]["area_level"]
    main, unmapped = _areas(rows, level, data, outlines)
    values = [r["value"] for r in rows if r["value"] is not None]
    # the classes of the finer level; the city districts use the same, so that one legend
    # reads both maps
    bounds = tilemap.breaks(values) if values else []
    city = data.outlines(CITY_DISTRICTS)
    overlay = (
        [choropleth.element_id(CITY_DISTRICTS, a) for a in sorted(city)]
        if level != CITY_DISTRICTS
        else []
    )
    maps = [
        _panel(
            main,
            bounds,
            f"nach {AREA_LEVEL_BY.get(level, level)}",
            caption,
            unit,
            decimals,
            f"{map_id}-a",
            outlines.height,
            overlay,
            labels=level == CITY_DISTRICTS,
        )
    ]
    shown = list(main)
    if districts and city and level != CITY_DISTRICTS:
        second, _ = _areas(districts, CITY_DISTRICTS, data, outlines)
        shown += second
        maps.append(
            _panel(
                second,
                bounds,
                f"nach {AREA_LEVEL_BY[CITY_DISTRICTS]}",
                caption,
                unit,
                decimals,
                f"{map_id}-b",
                outlines.height,
                (),
                labels=True,
            )
        )
    notes = []
    if unmapped:
        notes.append(f"{unmapped} Gebiet(e) ohne Umriss: nur in der Tabelle.")
    incomplete = [o for o in data.outlines(level).values() if o.get("is_complete") is False]
    if incomplete:
        notes.append(
            f"{len(incomplete)} Umriss(e) unvollständig: nicht für jeden Baublock wurde eine "
            "Geometrie geliefert."
        )
    note = f'<p class="note">{esc(" ".join(notes))}</p>' if notes else ""
    return (
        f'<figure class="map-figure"><figcaption>{esc(caption)}</figcaption>'
        f'<div class="maps">{"".join(maps)}</div>'
        f"{choropleth.legend(bounds, unit, decimals, shown, map_id)}{note}</figure>"
    )


def _panel(
    areas: list[choropleth.MapArea],
    bounds: list[float],
    heading: str,
    caption: str,
    unit: str,
    decimals: int,
    map_id: str,
    height: int,
    overlay: list[str],
    labels: bool,
) -> str:
    withheld = sum(1 for a in areas if a.has_row and a.value is None)
    desc = (
        f"Karte {heading}: {len(areas)} Gebiete, eingefärbt nach Klassen des Werts; "
        f"{withheld} schraffiert (Wert nicht veröffentlicht). Die Werte stehen in der Tabelle "
        "unter der Karte."
    )
    svg = choropleth.render_svg(
        areas, bounds, f"{caption} {heading}", desc, map_id, unit, decimals, height, overlay, labels
    )
    return f'<div class="map-panel"><h4>{esc(heading[:1].upper() + heading[1:])}</h4>{svg}</div>'


def basis_note(data: ReportData) -> str:
    """One sentence on what the maps are drawn from, for the section's introduction."""
    levels = sorted({level for level, _ in data.geometries})
    if not levels:
        return (
            "Es ist keine Gebietsgeometrie veröffentlicht (die Geometrielieferung der "
            "Statistikstelle fehlt oder wurde zurückgewiesen, siehe Datenstand): die Karten "
            "sind daher schematische Kachelkarten ohne Kartengrundlage, die Gebiete nach "
            "Schlüssel geordnet."
        )
    dates = {r["reference_date"] for r in data.geometries.values() if r.get("reference_date")}
    stand = f", Stand {max(dates):%d.%m.%Y}" if dates else ""
    names = ", ".join(AREA_LEVEL.get(lv, lv) for lv in levels if lv != "stadt")
    return (
        f"Kartengrundlage: Baublockgeometrie der Statistikstelle{stand} (ETRS89 / UTM Zone "
        f"32N), zu Gebieten zusammengefasst ({names}). Die Flächen sind nach Klassen des Werts "
        "eingefärbt (Quintile der feinsten Ebene, dieselben Klassen für die Stadtbezirke); "
        "schraffierte Flächen haben keinen veröffentlichten Wert."
    )
