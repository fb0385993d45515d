"""Selecting the published rows of one export, after checking the request against them."""

from __future__ import annotations

from dataclasses import dataclass, field

from bildungspfade.exports.catalogue import ALL_TRANSITIONS, TableSpec, indicators, table_specs
from bildungspfade.exports.request import Request, check_value, check_years, parse_years
from bildungspfade.presentation import AREA_LEVEL, SUBGROUP, label, sort_key
from bildungspfade.publish.errors import PublishError
from bildungspfade.publish.read import fetch_dicts

AREA_ORDER = list(AREA_LEVEL)


@dataclass
class Selection:
    name: str  # file stem
    kind: str  # "transition" or "indicator"
    title_de: str
    description_de: str
    reference_dates_de: str
    sources_de: tuple[str, ...]
    rows: list[dict]
    filters_de: list[str] = field(default_factory=list)
    definitions: list[dict] = field(default_factory=list)  # indicator_catalogue rows
    notes_de: list[str] = field(default_factory=list)


class _Where:
    """Conditions and parameters of one query, built up filter by filter."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[object] = []

    def add(self, clause: str, *params: object) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return " and ".join(self.clauses) or "true"


def _distinct(con, table: str, column: str, where: _Where) -> list:
    rows = con.execute(
        f"select distinct {column} from published.{table} where {where.sql()} "
        f"and {column} is not null",
        where.params,
    ).fetchall()
    return [r[0] for r in rows]


def _apply_common(
    con,
    table: str,
    year_column: str,
    request: Request,
    where: _Where,
    sel: Selection,
    what: str,
    default_level: str | None = None,
) -> None:
    if request.cohort:
        wanted = parse_years(request.cohort)
        available = _distinct(con, table, year_column, where)
        years, note = check_years(wanted, available, what, sel.title_de)
        where.add(f"{year_column} between ? and ?", years[0], years[-1])
        sel.filters_de.append(f"{what}: {request.cohort}")
        if note:
            sel.notes_de.append(note)
    if request.subgroup:
        check_value(
            request.subgroup, _distinct(con, table, "subgroup", where), "Merkmal", sel.title_de
        )
        where.add("subgroup = ?", request.subgroup)
        sel.filters_de.append(f"Merkmal: {label(SUBGROUP, request.subgroup)}")
    if (
        default_level
        and not request.area_level
        and default_level in _distinct(con, table, "area_level", where)
    ):
        where.add("area_level = ?", default_level)
        sel.filters_de.append(f"Raumebene: {label(AREA_LEVEL, default_level)} (Voreinstellung)")
    if request.area_level:
        available = _distinct(con, table, "area_level", where)
        check_value(request.area_level, available, "Raumebene", sel.title_de)
        where.add("area_level = ?", request.area_level)
        sel.filters_de.append(f"Raumebene: {label(AREA_LEVEL, request.area_level)}")


def _transition(con, spec: TableSpec, request: Request) -> Selection:
    sel = Selection(
        name=spec.name,
        kind="transition",
        title_de=spec.title_de,
        description_de=spec.description_de,
        reference_dates_de=spec.reference_dates_de,
        sources_de=spec.sources_de,
        rows=[],
    )
    where = _Where()
    table = "pub_transition_tables"
    if spec.stage_pair:
        where.add("stage_pair = ?", spec.stage_pair)
    if request.stage_pair:
        if spec.stage_pair and request.stage_pair != spec.stage_pair:
            raise PublishError(
                f"Die Tabelle „{spec.name}“ zeigt nur den Übergang „{spec.stage_pair}“; "
                f"für „{request.stage_pair}“ bitte --table {ALL_TRANSITIONS} verwenden."
            )
        check_value(
            request.stage_pair,
            _distinct(con, table, "stage_pair", where),
            "Übergang",
            spec.title_de,
        )
        where.add("stage_pair = ?", request.stage_pair)
        sel.filters_de.append(f"Übergang: {request.stage_pair}")
    _apply_common(con, table, "cohort", request, where, sel, "Kohorte", spec.default_area_level)
    sel.rows = fetch_dicts(
        con, f"select * from published.{table} where {where.sql()}", where.params
    )
    sel.rows.sort(
        key=lambda r: (
            r["cohort"],
            str(r["stage_pair"]),
            str(r["method"]),
            _area_rank(r["area_level"]),
            str(r["area_id"]),
            str(r["subgroup"]),
            str(r["subgroup_value"]),
            sort_key(r["from_category"]),
            sort_key(r["to_category"]),
        )
    )
    return sel


def _indicator(con, code: str, request: Request) -> Selection:
    catalogue = {row["indicator_code"]: row for row in indicators(con)}
    if code not in catalogue:
        check_value(code, list(catalogue), "Indikator", "die veröffentlichten Indikatoren")
    entry = catalogue[code]
    if request.stage_pair:
        raise PublishError(
            "--stage-pair gilt nur für Übergangstabellen (--table), nicht für Indikatoren."
        )
    sel = Selection(
        name=code,
        kind="indicator",
        title_de=entry["name_de"],
        description_de=entry["definition_de"] or "",
        reference_dates_de=(
            "Je nach Datenquelle: Schulen 15. Oktober, Kita 1. März, Wohnbevölkerung "
            "31. Dezember, Schuleingangsuntersuchung und Abgänge 31. Juli."
        ),
        sources_de=(entry["source"],) if entry["source"] else (),
        rows=[],
        definitions=[entry],
    )
    where = _Where()
    where.add("indicator_code = ?", code)
    _apply_common(con, "pub_indicators", "year", request, where, sel, "Jahr")
    sel.rows = fetch_dicts(
        con, f"select * from published.pub_indicators where {where.sql()}", where.params
    )
    sel.rows.sort(
        key=lambda r: (
            r["year"],
            _area_rank(r["area_level"]),
            str(r["area_id"]),
            str(r["subgroup"]),
            str(r["subgroup_value"]),
            r["category"] != "insgesamt",
            sort_key(r["category"]),
        )
    )
    return sel


def _area_rank(level: str) -> int:
    return AREA_ORDER.index(level) if level in AREA_ORDER else len(AREA_ORDER)


def select(con, request: Request) -> Selection:
    if request.table and request.indicator:
        raise PublishError("Bitte entweder --table oder --indicator angeben, nicht beides.")
    if request.indicator:
        sel = _indicator(con, request.indicator, request)
    elif request.table:
        specs = table_specs(con)
        if request.table not in specs:
            check_value(request.table, list(specs), "Tabelle", "die Exporte")
        sel = _transition(con, specs[request.table], request)
    else:
        raise PublishError(
            "Bitte mit --table NAME oder --indicator KENNUNG angeben, was exportiert werden "
            "soll. Was möglich ist, zeigt `bildungspfade export --list`."
        )
    if not sel.rows:
        raise PublishError(
            f"Für „{sel.title_de}“ gibt es mit dieser Auswahl ({'; '.join(sel.filters_de)}) "
            "keine veröffentlichten Werte."
        )
    if sel.kind == "transition":
        sel.definitions = _related(con, table_specs(con)[request.table], sel.rows)
    return sel


def _related(con, spec: TableSpec, rows: list[dict]) -> list[dict]:
    """Catalogue entries that define the table: named by the spec, or naming its stage pair."""
    pairs = {r["stage_pair"] for r in rows}
    return [
        entry
        for entry in indicators(con)
        if entry["indicator_code"] in spec.related_indicators
        or any(pair in (entry["indicator_code"] or "") for pair in pairs)
    ]
