"""What the report reads from the published layer, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field

from bildungspfade.publish import datenstand, plausibility
from bildungspfade.publish.read import fetch_dicts

SMALL_AREA_PREFERENCE = (
    "statistischer_bezirk",
    "sozialraum",
    "grundschulbezirk",
    "stadtbezirk",
)
GRADE5 = "klasse4_klasse5"


@dataclass
class ReportData:
    catalogue: list[dict] = field(default_factory=list)
    pathways: list[dict] = field(default_factory=list)
    city_series: list[dict] = field(default_factory=list)  # stadt, subgroup alle
    small_areas: list[dict] = field(default_factory=list)  # latest year, one level each
    grade5: list[dict] = field(default_factory=list)  # stadt, alle, cohort method
    awaited: list[datenstand.Gap] = field(default_factory=list)  # deliveries awaited
    # published.pub_plausibility_warnings: shares and thresholds, no counts
    warnings: list[plausibility.PlausibilityWarning] = field(default_factory=list)
    # published.pub_area_geometries: outlines per (area_level, area_id); empty: tile maps
    geometries: dict[tuple[str, str], dict] = field(default_factory=dict)
    # the city districts (stadtbezirk) of the indicators, years and categories whose small-area
    # rows are at a finer level: the second map beside the statistical districts
    city_districts: list[dict] = field(default_factory=list)

    def outlines(self, level: str) -> dict[str, dict]:
        """The published outlines of one area level, by area_id."""
        return {a: row for (lv, a), row in self.geometries.items() if lv == level}


def _city_districts(con, small_areas: list[dict]) -> list[dict]:
    """The stadtbezirk rows of the indicator years that small_areas shows at a finer level."""
    shown = sorted(
        {(r["indicator_code"], r["year"]) for r in small_areas if r["area_level"] != "stadtbezirk"}
    )
    if not shown:
        return []
    return fetch_dicts(
        con,
        "select p.* from published.pub_indicators p "
        "join (select unnest(?) as indicator_code, unnest(?) as year) as shown "
        "using (indicator_code, year) "
        "where p.area_level = 'stadtbezirk' and p.subgroup = 'alle' "
        "order by p.indicator_code, p.area_id",
        [[c for c, _ in shown], [y for _, y in shown]],
    )


def load(con) -> ReportData:
    data = ReportData()
    data.catalogue = fetch_dicts(
        con, "select * from published.pub_indicator_catalogue order by family, indicator_code"
    )
    data.pathways = fetch_dicts(
        con, "select * from published.pub_pathways order by cohort_group, step"
    )
    data.city_series = fetch_dicts(
        con,
        "select * from published.pub_indicators "
        "where area_level = 'stadt' and subgroup = 'alle' order by indicator_code, year",
    )
    data.small_areas = fetch_dicts(
        con,
        """
        with levels as (
            select indicator_code, area_level, max(year) as year,
                list_position(?, area_level) as preference
            from published.pub_indicators
            where list_position(?, area_level) is not null and subgroup = 'alle'
            group by all
        ),
        chosen as (
            select indicator_code, arg_min(area_level, preference) as area_level,
                arg_min(year, preference) as year
            from levels group by indicator_code
        )
        select p.* from published.pub_indicators p
        join chosen using (indicator_code, area_level, year)
        where p.subgroup = 'alle'
        order by p.indicator_code, p.area_id
        """,
        [list(SMALL_AREA_PREFERENCE), list(SMALL_AREA_PREFERENCE)],
    )
    data.grade5 = fetch_dicts(
        con,
        "select * from published.pub_transition_tables where stage_pair = ? "
        "and area_level = 'stadt' and subgroup = 'alle' and method = 'kohorte' order by cohort",
        [GRADE5],
    )
    data.city_districts = _city_districts(con, data.small_areas)
    data.geometries = {
        (r["area_level"], str(r["area_id"])): r
        for r in fetch_dicts(
            con,
            "select area_level, area_id, area_name, reference_date, is_complete, geometry "
            "from published.pub_area_geometries order by area_level, area_id",
        )
    }
    data.awaited = datenstand.awaited(con)
    data.warnings = plausibility.published_warnings(con)
    return data
