"""One row per indicator, year, area, subgroup value and category: the exact counts, the
published counts after disclosure control, the flag, and the attacker's LP interval for any
small count on the row; audit statistics of the row's audit unit beside it. Restricted (exact
values). The engine: bildungspfade.disclosure (docs/disclosure.md)."""

AREA_COLUMNS = {
    "city_district": "stadtbezirk",
    "statistical_district": "statistischer_bezirk",
    "sozialraum": "sozialraum",
    "catchment_area": "grundschulbezirk",
}


def model(dbt, session):
    dbt.config(materialized="table")
    from bildungspfade.disclosure import model_settings, protect

    settings = model_settings(
        dbt.config.get("disclosure_method"),
        dbt.config.get("disclosure_min_cell"),
        dbt.config.get("disclosure_rounding_base"),
        dbt.config.get("disclosure_min_rate_base"),
        subgroup_levels=dbt.config.get("disclosure_subgroup_levels"),
    )
    cases = (
        dbt.ref("fct_indicator_cases")
        .filter("kind in ('verteilung', 'quote')")
        .select(
            "audit_unit as unit, year, indicator_code as table, kind, person_key as person, "
            "category, is_counted as counted, city_district, statistical_district, sozialraum, "
            "catchment_area, geschlecht, familiensprache, migrationshintergrund, leistungsbezug"
        )
        .df()
        .rename(columns=AREA_COLUMNS)
    )
    cells, audit = protect(cases, settings)
    cells = cells.rename(columns={"table": "indicator_code"})
    audit = audit.rename(
        columns={c: f"unit_{c}" for c in audit.columns if c not in ("audit_unit", "year")}
    )
    return cells.merge(audit, on=["audit_unit", "year"], how="left")
