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


@dataclass(frozen=True)
class Column:
    key: str
    header_de: str
    kind: str  # "text", "year", "count", "rate", "flag"
    show: Callable[[object], object] | None = None  # code -> German label
    decimals: int = 1  # shown decimals of a rate

    def value(self, row: dict) -> object:
        raw = row.get(self.key)
        return self.show(raw) if self.show and raw is not None else raw


def _in(table: dict[str, str]) -> Callable[[object], str]:
    return lambda code: label(table, code)


TRANSITION_COLUMNS: tuple[Column, ...] = (
    Column("cohort", "Kohorte (Schuljahr)", "year"),
    Column("stage_pair", "Übergang", "text", _in(STAGE_PAIR)),
    Column("from_category", "von", "text", category_label),
    Column("to_category", "nach", "text", category_label),
    Column("subgroup", "Merkmal", "text", _in(SUBGROUP)),
    Column("subgroup_value", "Ausprägung", "text", subgroup_value_label),
    Column("area_level", "Raumebene", "text", _in(AREA_LEVEL)),
    Column("area_id", "Gebiet (Schlüssel)", "text"),
    Column("method", "Berechnungsart", "text", _in(METHOD)),
    Column("count", "Anzahl", "count"),
    Column("denominator", "Basis (Nenner)", "count"),
    Column("rate", "Quote in %", "rate"),
    Column("flag", "Kennzeichen", "flag"),
)


def indicator_columns(unit: str | None, decimals: int = 1) -> tuple[Column, ...]:
    value_header = f"Wert ({unit})" if unit else "Wert"
    return (
        Column("indicator_code", "Indikator (Kennung)", "text"),
        Column("year", "Jahr", "year"),
        Column("area_level", "Raumebene", "text", _in(AREA_LEVEL)),
        Column("area_id", "Gebiet (Schlüssel)", "text"),
        Column("area_name", "Gebiet", "text"),
        Column("subgroup", "Merkmal", "text", _in(SUBGROUP)),
        Column("subgroup_value", "Ausprägung", "text", subgroup_value_label),
        Column("category", "Kategorie", "text", category_label),
        Column("numerator", "Zähler", "count"),
        Column("denominator", "Nenner", "count"),
        Column("value", value_header, "rate", decimals=decimals),
        Column("flag", "Kennzeichen", "flag"),
    )


def columns_for(kind: str, definitions: list[dict], rows: list[dict]) -> tuple[Column, ...]:
    if kind == "transition":
        return TRANSITION_COLUMNS
    unit = definitions[0].get("unit") if definitions else None
    return indicator_columns(unit, decimals_for(unit, [r["value"] for r in rows]))
