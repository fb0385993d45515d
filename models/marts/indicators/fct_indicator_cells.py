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

    from bildungspfade.disclosure import model_settings
    from bildungspfade.disclosure.progress import Step, dbt_note

    settings = model_settings(dbt.config.get("disclosure"))
    cases = dbt.ref("fct_indicator_cases").filter("kind in ('verteilung', 'quote')")
    # the Cell Key Method's record key of every person (restricted, dim_ckm_record_keys)
    keys = dbt.ref("dim_ckm_record_keys").set_alias("record_keys")
    areas = ", ".join(f"{column} as {name}" for column, name in AREA_COLUMNS.items())
    cases = (
        cases.set_alias("cases")
        .join(keys, "cases.person_key = record_keys.person_key", how="left")
        .select(
            'audit_unit as unit, year, indicator_code as "table", kind, '
            f"cases.person_key as person, category, is_counted as counted, {areas}, "
            "geschlecht, familiensprache, migrationshintergrund, leistungsbezug, "
            "ckm_record_key as record_key"
        )
    )
    ptable = dbt.ref("ckm_ptable")
    if settings.method == "cell_key":
        # counts and key sums of every cell in one SQL pass; nothing passes through pandas
        from bildungspfade.disclosure.cellkey_cells import cell_key_cells

        step = Step(
            dbt_note("fct_indicator_cells"), "Cell Key Method: counting every cell in one SQL pass"
        )
        cells, audit = cell_key_cells(session, cases, ptable, settings)
        step.done(f"cells of {audit.aggregate('count(*)').fetchall()[0][0]} audit units counted")
        cells, audit = cells.set_alias("cells"), audit.set_alias("audit")
        columns = ", ".join(
            'cells."table" as indicator_code' if c == "table" else f'cells."{c}"'
            for c in cells.columns
        )
        unit_columns = ", ".join(
            f'audit."{c}" as unit_{c}' for c in audit.columns if c not in ("audit_unit", "year")
        )
        return cells.join(
            audit, "cells.audit_unit = audit.audit_unit and cells.year = audit.year", how="left"
        ).select(f"{columns}, {unit_columns}")
    from bildungspfade.disclosure import protect

    cells, audit = protect(
        cases.df(), settings, ptable=ptable.df(), progress=dbt_note("fct_indicator_cells")
    )
    cells = cells.rename(columns={"table": "indicator_code"})
    audit = audit.rename(
        columns={c: f"unit_{c}" for c in audit.columns if c not in ("audit_unit", "year")}
    )
    return cells.merge(audit, on=["audit_unit", "year"], how="left")
