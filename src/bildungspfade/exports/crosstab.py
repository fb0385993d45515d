"""Cross tables for the XLSX exports, as the Kommunale Bildungsdatenbank and IT.NRW publish
them: school years across, the table's categories down, one sheet per area level.

The long „Daten“ sheet stays the one to filter and compute with; a cross table is the one to
read and print. It shows the published value (the rate, or the count where a table has no
rate) with the sign of official statistics where the value is withheld.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bildungspfade.exports.columns import Column
from bildungspfade.presentation import AREA_LEVEL, label, school_year_de

SHEET_PREFIX = "Zeitreihe"
# columns that are not row headings: the period (across), the numbers, the flag, the area level
# (one sheet each) and codes whose label stands beside them
_NOT_DOWN = {"year", "cohort", "area_level", "area_id", "indicator_code", "flag"}


@dataclass(frozen=True)
class CrossTable:
    area_level: str
    sheet: str
    headers: tuple[str, ...]  # row headings, then one per school year
    years: tuple[int, ...]
    value: Column  # what the cells show
    rows: tuple[tuple[tuple[object, ...], dict[int, dict]], ...]  # (heading values, year -> row)


def _period(columns: tuple[Column, ...]) -> str:
    return next(c.key for c in columns if c.kind == "year")


def _value(columns: tuple[Column, ...]) -> Column:
    rates = [c for c in columns if c.kind == "rate"]
    return rates[0] if rates else next(c for c in columns if c.kind == "count")


def cross_tables(columns: tuple[Column, ...], rows: list[dict]) -> list[CrossTable]:
    """One cross table per area level of `rows`, in the order the levels first appear."""
    if not rows or not any(c.kind == "year" for c in columns):
        return []
    period = _period(columns)
    value = _value(columns)
    down = [c for c in columns if c.key not in _NOT_DOWN and c.kind in ("text",)]
    by_level: dict[str, dict[tuple, dict[int, dict]]] = defaultdict(lambda: defaultdict(dict))
    years_by_level: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        level = str(row.get("area_level") or "")
        heading = tuple(c.value(row) for c in down)
        year = int(row[period])
        by_level[level][heading][year] = row
        years_by_level[level].add(year)
    tables = []
    for level, grouped in by_level.items():
        years = tuple(sorted(years_by_level[level]))
        name = label(AREA_LEVEL, level) if level else "alle Gebiete"
        tables.append(
            CrossTable(
                area_level=level,
                sheet=f"{SHEET_PREFIX} {name}"[:31],
                headers=(*(c.header_de for c in down), *(school_year_de(y) for y in years)),
                years=years,
                value=value,
                rows=tuple(grouped.items()),
            )
        )
    return tables
