"""One row per pathway link (Sankey) per cohort group: Kita -> school entry kind -> grade-5
school form -> first certificate -> first step after general school, counted over the persons
of a birth-cohort group who entered school in the city. Links are protected together (one
audit unit per cohort group: every link table is a margin of the same paths), zeros dropped."""

STEPS = [
    ("care", "entry"),
    ("entry", "grade5"),
    ("grade5", "certificate"),
    ("certificate", "first_step"),
]


def _label(kind, value):
    labels = {
        "care": {"kita": "Kita", "tagespflege": "Kindertagespflege", None: "keine Kita"},
        # the codes of fct_transitions.entry_kind (tests/dbt/test_pathway_labels.py)
        "entry": {
            "regular": "fristgerecht eingeschult",
            "early": "vorzeitig eingeschult",
            "deferred": "nach Zurückstellung eingeschult",
        },
        "grade5": {
            "hauptschule": "Hauptschule",
            "realschule": "Realschule",
            "sekundarschule": "Sekundarschule",
            "gesamtschule": "Gesamtschule",
            "gymnasium": "Gymnasium",
            "special_school": "Förderschule",
            "waldorf": "Waldorfschule",
        },
        "first_step": {
            "iabe_I": "Berufsausbildung (Sektor I)",
            "iabe_II": "Übergangsbereich (Sektor II)",
            "iabe_III": "Hochschulreife (Sektor III)",
            "upper_secondary": "Hochschulreife (Sektor III)",
            "university_inferred": "Studium (Sektor IV)",
            "fachschule": "Fachschule",
            "not_in_education": "keine Bildung",
            "moved_away": "fortgezogen",
            "died": "verstorben",
        },
    }
    if kind == "certificate":
        return value or "noch kein Abschluss / unbekannt"
    return labels[kind].get(value, "unbekannt / noch nicht erreicht")


def model(dbt, session):
    dbt.config(materialized="table")

    import pandas as pd

    from bildungspfade.disclosure import model_settings, protect

    settings = model_settings(
        dbt.config.get("disclosure"), subgroups=(), subgroup_levels=("stadt",)
    )
    keys = dbt.ref("dim_ckm_record_keys").set_alias("record_keys")
    paths = (
        dbt.ref("pnl_person_trajectories")
        .filter("school_entry_year is not null and birth_cohort is not null")
        .set_alias("paths")
        .join(keys, "paths.person_key = record_keys.person_key", how="left")
        .select(
            "paths.person_key, birth_cohort, care_entry_type, school_entry_kind, grade5_state, "
            "first_certificate_key, first_step_state, ckm_record_key"
        )
        .df()
    )
    columns = ["cohort_group", "step", "source_label", "target_label", "count", "flag"]
    if paths.empty:  # no cohort has reached school entry yet: nothing to draw
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        empty["step"] = empty["step"].astype("Int64")
        empty["count"] = empty["count"].astype("Int64")
        return empty
    groups = dbt.ref("xwalk_certificate_report_group").select("certificate_code, label_de").df()
    certificate = dict(zip(groups.certificate_code, groups.label_de, strict=False))
    nodes = pd.DataFrame(
        {
            "care": [
                _label("care", v)
                for v in paths.care_entry_type.where(paths.care_entry_type.notna(), None)
            ],
            "entry": [_label("entry", v) for v in paths.school_entry_kind],
            "grade5": [_label("grade5", v) for v in paths.grade5_state],
            "certificate": [
                _label("certificate", certificate.get(v)) for v in paths.first_certificate_key
            ],
            "first_step": [_label("first_step", v) for v in paths.first_step_state],
        },
        dtype=object,
    )
    start = (paths.birth_cohort // 5) * 5
    cohort_group = start.astype(str) + "-" + (start + 4).astype(str)
    frames = []
    for i, (a, b) in enumerate(STEPS, start=1):
        frames.append(
            pd.DataFrame(
                {
                    "unit": cohort_group,
                    "year": 0,
                    "table": str(i),
                    "kind": "verteilung",
                    "person": paths.person_key,
                    "category": nodes[a] + "\x1f" + nodes[b],
                    "counted": True,
                    "record_key": paths.ckm_record_key,
                }
            )
        )
    cases = pd.concat(frames, ignore_index=True)
    for level in ("stadtbezirk", "statistischer_bezirk", "sozialraum", "grundschulbezirk"):
        cases[level] = None
    from bildungspfade.disclosure.progress import Step, dbt_note

    report = dbt_note("pub_pathways")
    if settings.method == "cell_key":
        # counts and key sums of every link in one SQL pass (as fct_indicator_cells)
        from bildungspfade.disclosure.cellkey_cells import cell_key_cells

        step = Step(
            report, f"Cell Key Method: counting the links of {len(paths)} paths in one SQL pass"
        )
        cells, _ = cell_key_cells(session, session.from_df(cases), dbt.ref("ckm_ptable"), settings)
        cells = cells.df()
        step.done(f"links of {cells.audit_unit.nunique()} cohort groups counted")
    else:
        cells, _ = protect(cases, settings, ptable=dbt.ref("ckm_ptable").df(), progress=report)
    cells = cells[(cells.category != "insgesamt") & (cells.numerator_true > 0)]
    if settings.method == "cell_key":
        # links with a true 0 are not drawn; a link perturbed to 0 is not drawn either, so a
        # missing link may be 0, 1 or 2 persons and a drawn one is never 1 or 2
        cells = cells[cells.numerator > 0]
    parts = cells.category.str.split("\x1f", n=1)
    source, target = parts.str[0], parts.str[1]
    out = pd.DataFrame(
        {
            "cohort_group": cells.audit_unit.to_numpy(),
            "step": cells.table.astype(int).to_numpy(),
            "source_label": source.to_numpy(),
            "target_label": target.to_numpy(),
            "count": cells.numerator.to_numpy(),
            "flag": cells.flag.to_numpy(),
        }
    )
    out["count"] = pd.to_numeric(out["count"]).astype("Int64")
    return _mark_awaited(dbt, out)


def _mark_awaited(dbt, frame):
    """Last step: links an awaited delivery may change show `…` (marts.rpt_awaited_cells)."""
    from bildungspfade.publish.awaited import mark_awaited

    awaited = dbt.ref("rpt_awaited_cells").filter("published_table = 'pub_pathways'")
    return mark_awaited(frame, awaited.df(), part="step", period="cohort_group", numbers=["count"])
