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

    settings = model_settings(dbt.config.get("disclosure"))
    cases = dbt.ref("fct_indicator_cases").filter("kind in ('verteilung', 'quote')")
    # the Cell Key Method's record key of every person (restricted, dim_ckm_record_keys)
    keys = dbt.ref("dim_ckm_record_keys").set_alias("record_keys")
    cases = (
        cases.set_alias("cases")
        .join(keys, "cases.person_key = record_keys.person_key", how="left")
        .select(
            "audit_unit as unit, year, indicator_code as table, kind, "
            "cases.person_key as person, category, is_counted as counted, city_district, "
            "statistical_district, sozialraum, catchment_area, geschlecht, familiensprache, "
            "migrationshintergrund, leistungsbezug, ckm_record_key as record_key"
        )
        .df()
        .rename(columns=AREA_COLUMNS)
    )
    cells, audit = protect(cases, settings, ptable=dbt.ref("ckm_ptable").df())
    cells = cells.rename(columns={"table": "indicator_code"})
    audit = audit.rename(
        columns={c: f"unit_{c}" for c in audit.columns if c not in ("audit_unit", "year")}
    )
    return cells.merge(audit, on=["audit_unit", "year"], how="left")
