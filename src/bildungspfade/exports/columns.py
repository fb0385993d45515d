"""The columns of each export: German header, kind of value, and how a code is labelled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bildungspfade.presentation import (
    AREA_LEVEL,
    METHOD,
    STAGE_PAIR,
    SUBGROUP,
    category_label,
    decimals_for,
    label,
    subgroup_value_label,
)
from bildungspfade.publish.contract import CONTRACT


@dataclass(frozen=True)
class Column:
    key: str
    header_de: str
    kind: str  # "text", "year" (a school year, shown 2018/19), "count", "rate", "flag"
    show: Callable[[object], object] | None = None  # code -> German label
    decimals: int = 1  # shown decimals of a rate

    def value(self, row: dict) -> object:
        raw = row.get(self.key)
        return self.show(raw) if self.show and raw is not None else raw


def _in(table: dict[str, str]) -> Callable[[object], str]:
    return lambda code: label(table, code)


# How each published column is shown: German header, kind, label of its codes. The columns
# and their order come from the published contract (bildungspfade.publish.CONTRACT).
SHOWN: dict[str, tuple[str, str, Callable[[object], object] | None]] = {
    "cohort": ("Schuljahr des Übergangs", "year", None),
    "indicator_code": ("Indikator (Kennung)", "text", None),
    "year": ("Schuljahr", "year", None),
    "stage_pair": ("Übergang", "text", _in(STAGE_PAIR)),
    "from_category": ("von", "text", category_label),
    "to_category": ("nach", "text", category_label),
    "area_level": ("Raumebene", "text", _in(AREA_LEVEL)),
    "area_id": ("Gebiet (Schlüssel)", "text", None),
    "area_name": ("Gebiet", "text", None),
    "subgroup": ("Merkmal", "text", _in(SUBGROUP)),
    "subgroup_value": ("Ausprägung", "text", subgroup_value_label),
    "category": ("Kategorie", "text", category_label),
    "method": ("Berechnungsart", "text", _in(METHOD)),
    "count": ("Anzahl", "count", None),
    "numerator": ("Zähler", "count", None),
    "rate": ("Quote in %", "rate", None),
    "flag": ("Kennzeichen", "flag", None),
}
# The same column is named for its table where the two tables differ.
SHOWN_IN = {
    "pub_transition_tables": {"denominator": ("Basis (Nenner)", "count", None)},
    "pub_indicators": {"denominator": ("Nenner", "count", None)},
}


def _columns(table: str, **special: tuple[str, str, Callable[[object], object] | None]):
    out = []
    for key in CONTRACT[table]:
        header, kind, show = special.get(key) or SHOWN_IN[table].get(key) or SHOWN[key]
        out.append(Column(key, header, kind, show))
    return tuple(out)


TRANSITION_COLUMNS: tuple[Column, ...] = _columns("pub_transition_tables")


def indicator_columns(unit: str | None, decimals: int = 1) -> tuple[Column, ...]:
    value_header = f"Wert ({unit})" if unit else "Wert"
    columns = _columns("pub_indicators", value=(value_header, "rate", None))
    return tuple(
        Column(c.key, c.header_de, c.kind, c.show, decimals) if c.key == "value" else c
        for c in columns
    )


def columns_for(kind: str, definitions: list[dict], rows: list[dict]) -> tuple[Column, ...]:
    if kind == "transition":
        return TRANSITION_COLUMNS
    unit = definitions[0].get("unit") if definitions else None
    return indicator_columns(unit, decimals_for(unit, [r["value"] for r in rows]))
