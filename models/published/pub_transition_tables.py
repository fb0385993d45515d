"""One row per cohort (school year), stage pair, from category, to category, subgroup, area and
method: published transition counts and rates from marts.rpt_transition_rates.

Published at city and city-district level only (city districts nest in the city, so there is
no differencing across overlapping levels; the small areas are in pub_indicators). Cohort
tables (counts per outcome) go through the disclosure engine like the indicators: each
(school year, stage pair, method, outcome dimension) is one audit unit whose person-level
counts per city district, subgroup value and outcome are rebuilt from the aggregates (the
engine needs only these margins). Cross-sectional quota sums (Quotensummenverfahren) are
published as rates without counts."""

from bildungspfade.publish.contract import CONTRACT

SUBGROUPS = {
    "sex": ("geschlecht", {"male": "maennlich", "female": "weiblich", "diverse": "divers"}),
    "family_language": (
        "familiensprache",
        {"non_german": "nichtdeutsch", "german": "deutsch"},
    ),
    "migration_background": ("migrationshintergrund", {"none": "ohne", "unknown": "unbekannt"}),
    "benefit_receipt": ("leistungsbezug", {"yes": "ja", "no": "nein"}),
}
LEVELS = {"city": "stadt", "city_district": "stadtbezirk"}
# The published column list is the contract's (bildungspfade.publish.CONTRACT), written once;
# the cells are built without the area's name, which the last step adds.
PUBLISHED = list(CONTRACT["pub_transition_tables"])
COLUMNS = [column for column in PUBLISHED if column != "area_name"]
# columns published with German codes (seed xwalk_published_code), and whose codes they take
GERMAN_CODES = {
    "stage_pair": "stage_pair",
    "method": "method",
    "from_category": "category",
    "to_category": "category",
}


# Cohort tables that count an indicator's population (same persons, same year): outcome ->
# the indicator's category (as in fct_indicator_cases). Their cells are withheld wherever the
# indicator withholds the same cell, so that the two tables show one suppression pattern.
AS02_FORMS = {"hauptschule", "realschule", "sekundarschule", "gesamtschule", "gymnasium", "waldorf"}
AS01_KINDS = {
    "regular": "fristgerecht",
    "early": "vorzeitig",
    "deferred": "nach_zurueckstellung",
    "insgesamt": "insgesamt",
}
OVERLAPS = {
    # school entrants by entry kind: the persons of AS01 (other outcomes map to nothing)
    "kita_to_school": ("AS01", AS01_KINDS.get),
    "general_school_leaving": ("AS08", lambda outcome: outcome.lower()),
    "grade4_to_grade5": (
        "AS02",
        lambda outcome: (
            outcome
            if outcome in AS02_FORMS or outcome == "insgesamt"
            else "foerderschule"
            if outcome == "special_school"
            else "sonstige"
        ),
    ),
}
GRAIN = ["indicator_code", "year", "area_level", "area_id", "subgroup", "subgroup_value"]


def _value(subgroup, value):
    if subgroup == "migration_background":
        return SUBGROUPS[subgroup][1].get(value, "mit")
    return SUBGROUPS[subgroup][1].get(value, "unbekannt")


def _value_de_sql():
    """SQL of the published subgroup value of a row of rpt_transition_rates (as _value gives
    it): in the query, as a call per row took seconds on the full city."""

    def text(value):
        return "'" + value.replace("'", "''") + "'"

    branches = []
    for subgroup, (_, labels) in SUBGROUPS.items():
        other = "mit" if subgroup == "migration_background" else "unbekannt"
        inner = " ".join(f"when {text(k)} then {text(v)}" for k, v in labels.items())
        branches.append(
            f"when {text(subgroup)} then case subgroup_value {inner} else {text(other)} end"
        )
    return (
        f"case subgroup when 'all' then 'alle' {' '.join(branches)} "
        "else error('rpt_transition_rates: a subgroup without labels: ' || subgroup) end"
    )


def _pseudo_persons(table):
    """Rows of one table -> one row per (pseudo) person with district, outcome and a value per
    subgroup whose margins per district and outcome equal the published aggregates."""
    import numpy as np
    import pandas as pd

    # One pass over the rows; the loops below only look sums up (filtering the frame per
    # district, outcome and subgroup was most of this model's time).
    sums: dict[tuple, dict[str, int]] = {}
    grouped = table.groupby(["subgroup", "area_level", "area_id", "outcome", "value_de"])
    for (subgroup, level, area, outcome, value), n in grouped.numerator.sum().items():
        sums.setdefault((subgroup, level, area, outcome), {})[value] = n
    district_ids = sorted({k[2] for k in sums if k[0] == "all" and k[1] == "city_district"})

    def margin(subgroup, district, outcome):
        """Counts per value at a district; district None: the city minus all districts."""
        if district is not None:
            return sums.get((subgroup, "city_district", district, outcome), {})
        at_city: dict[str, int] = {}
        for key, values in sums.items():
            if key[0] == subgroup and key[1] == "city" and key[3] == outcome:
                for v, n in values.items():
                    at_city[v] = at_city.get(v, 0) + n
        in_districts: dict[str, int] = {}
        for d in district_ids:
            for v, n in sums.get((subgroup, "city_district", d, outcome), {}).items():
                in_districts[v] = in_districts.get(v, 0) + n
        return {
            v: at_city.get(v, 0) - in_districts.get(v, 0)
            for v in sorted(at_city.keys() | in_districts.keys())
        }

    outcomes = sorted({k[3] for k in sums if k[0] == "all"})
    columns: dict[str, list] = {SUBGROUPS[s][0]: [] for s in SUBGROUPS}
    columns["stadtbezirk"], columns["category"] = [], []
    for district in [*district_ids, None]:
        for outcome in outcomes:
            if district is not None and ("all", "city_district", district, outcome) not in sums:
                continue
            n = int(sum(margin("all", district, outcome).values()))
            if n <= 0:
                continue
            for subgroup in SUBGROUPS:
                values = margin(subgroup, district, outcome)
                labels = np.array(list(values.keys()), dtype=object)
                counts = np.clip(np.array(list(values.values()), dtype=float), 0, None)
                expanded = np.repeat(labels, counts.astype(int))
                if len(expanded) != n:  # margins that do not add up: keep them apart
                    expanded = np.resize(np.append(expanded, ["unbekannt"] * n), n)
                columns[SUBGROUPS[subgroup][0]].extend(expanded.tolist())
            columns["stadtbezirk"].extend([district] * n)
            columns["category"].extend([outcome] * n)
    if not columns["category"]:
        return None
    return pd.DataFrame(columns)


def model(dbt, session):
    dbt.config(materialized="table")
    import pandas as pd

    from bildungspfade.disclosure import model_settings

    settings = model_settings(
        dbt.config.get("disclosure"),
        area_levels=("stadt", "stadtbezirk"),
        subgroup_levels=("stadt", "stadtbezirk"),
    )
    rates = (
        dbt.ref("rpt_transition_rates")
        .filter("area_level in ('city', 'city_district')")
        .select(f"*, {_value_de_sql()} as value_de")
        .df()
    )
    out = []
    cohort = rates[rates.age_group == "all"]
    if settings.method == "cell_key":
        # every cell perturbed on its own from its count and cell key: no pseudo-persons
        cells = _perturbed_cells(cohort, dbt.ref("ckm_ptable").df(), settings)
    cases = []
    tables = cohort.groupby(["school_year", "transition", "method", "outcome_dimension"])
    for key, table in [] if settings.method == "cell_key" else tables:
        persons = _pseudo_persons(table)
        if persons is None:
            continue
        unit = "|".join(str(k) for k in key[1:])
        persons["unit"] = unit
        persons["year"] = int(key[0])
        persons["table"] = unit
        persons["kind"] = "verteilung"
        persons["counted"] = True
        persons["person"] = range(len(persons))
        for level in ("statistischer_bezirk", "sozialraum", "grundschulbezirk"):
            persons[level] = None
        cases.append(persons)
    if cases:
        from bildungspfade.disclosure import protect
        from bildungspfade.disclosure.progress import dbt_note

        cells, _ = protect(
            pd.concat(cases, ignore_index=True),
            settings,
            progress=dbt_note("pub_transition_tables"),
        )
    if cases or settings.method == "cell_key":
        transition, method, dimension = (
            cells.table.str.split("|", n=2).str[0],
            cells.table.str.split("|", n=2).str[1],
            cells.table.str.split("|", n=2).str[2],
        )
        is_origin = dimension == "from_state"
        frame = pd.DataFrame(
            {
                "cohort": cells.year.astype(int),
                "stage_pair": transition,
                "from_category": cells.category.where(is_origin, "insgesamt"),
                "to_category": cells.category.where(~is_origin, "insgesamt"),
                "subgroup": cells.subgroup.replace({"alle": "alle"}),
                "subgroup_value": cells.subgroup_value,
                "area_level": cells.area_level,
                "area_id": cells.area_id,
                "method": method,
                "count": cells.numerator,
                "denominator": cells.denominator,
                "rate": cells.value,
                "flag": cells.flag,
            }
        )
        # an origin table's total row duplicates its destination table's: keep one
        frame = frame[~(is_origin & (cells.category == "insgesamt")).to_numpy()]
        codes = ", ".join(f"'{code}'" for code, _ in OVERLAPS.values())
        withheld = (
            dbt.ref("fct_indicator_cells")
            .filter(
                f"indicator_code in ({codes}) and area_level in ('stadt', 'stadtbezirk') "
                "and numerator is null"
            )
            .select(
                "indicator_code, cast(year as integer) as year, area_level, area_id, subgroup, "
                "subgroup_value, category"
            )
            .df()
        )
        out.append(_inherit_withheld(frame, withheld))
    ptable = dbt.ref("ckm_ptable").df() if settings.method == "cell_key" else None
    quota = _quota_sums(rates, settings, ptable)
    if len(quota):
        out.append(quota)
    if not out:
        return pd.DataFrame(columns=PUBLISHED)
    result = pd.concat(out, ignore_index=True)[COLUMNS]
    german = _german_codes(_merge_duplicates(result), dbt.ref("xwalk_published_code").df())
    return _area_names(_mark_awaited(dbt, german), dbt.config.get("city_name"))


def _german_codes(frame, codes):
    """The stage pairs, methods and categories in the German codes of seed
    xwalk_published_code; a code the seed does not know stops the build with its name."""
    out = frame.copy()
    for column, code_column in GERMAN_CODES.items():
        known = codes[codes.code_column == code_column]
        german = out[column].map(dict(zip(known.code, known.code_de, strict=True)))
        unknown = sorted(set(out.loc[german.isna() & out[column].notna(), column]))
        if unknown:
            raise ValueError(
                f"pub_transition_tables: {column} {', '.join(unknown)} has no German code "
                "in seed xwalk_published_code"
            )
        out[column] = german
    return out


def _area_names(frame, city_name):
    """The German name of each area, as pub_indicators names them (macro area_name)."""
    out = frame.copy()
    out["area_name"] = out.area_id.where(
        out.area_level != "stadtbezirk", "Stadtbezirk " + out.area_id
    )
    out.loc[out.area_level == "stadt", "area_name"] = city_name
    return out[PUBLISHED]


def _mark_awaited(dbt, frame):
    """Last step: cells an awaited delivery may change show `…` (marts.rpt_awaited_cells)."""
    from bildungspfade.publish.awaited import add_absent, mark_awaited

    awaited = dbt.ref("rpt_awaited_cells").filter("published_table = 'pub_transition_tables'")
    awaited = awaited.df()
    marked = mark_awaited(
        frame, awaited, part="stage_pair", period="cohort", numbers=["count", "denominator", "rate"]
    )
    # a cohort whose delivery is awaited whole has no cell to mark: its city total says so
    total = {
        "from_category": "insgesamt",
        "to_category": "insgesamt",
        "subgroup": "alle",
        "subgroup_value": "alle",
        "area_level": "stadt",
        "area_id": "stadt",
        "method": "kohorte",
        "count": None,
        "denominator": None,
        "rate": None,
    }
    return add_absent(marked, awaited, part="stage_pair", period="cohort", row=total)


QUOTA_TRANSITIONS = ("kita_to_school", "general_school_leaving")


def _quota_sums(rates, settings, ptable=None):
    """Quotensummenverfahren under disclosure control: per school year, transition, outcome
    and area (subgroup `alle`), the sum over age years of the age-specific rates, each rate
    from published counts. Cell Key Method: every age's numerator and base perturbed from
    its record-key sums (as every other count), the rate of each age from the perturbed
    counts. Suppression and rounding: the exact rates, unless an age's count is below the
    minimum cell (s); either way a base below the minimum for rates withholds the sum (w).
    Only the rate is published (the counts are sums over ages, not a cell of persons)."""
    import numpy as np
    import pandas as pd

    ages = rates[
        (rates.method == "cross_sectional")
        & rates.transition.isin(QUOTA_TRANSITIONS)
        & (rates.subgroup == "all")
        & rates.age_group.str.fullmatch(r"\d+")
    ]
    if ages.empty:
        return pd.DataFrame(columns=COLUMNS)
    numerator = ages.numerator.astype("int64").to_numpy()
    denominator = ages.denominator.astype("int64").to_numpy()
    flag = np.full(len(ages), "", dtype=object)
    if settings.method == "cell_key":
        from bildungspfade.disclosure.cellkey import perturb
        from bildungspfade.disclosure.ptable import KEY_RANGE

        cells = pd.DataFrame(
            {
                "numerator_true": numerator,
                "denominator_true": denominator,
                "numerator": None,
                "denominator": None,
                "value": None,
                "flag": "",
                "numerator_ckey": ages.numerator_key_sum.astype("int64").to_numpy() % KEY_RANGE,
                "denominator_ckey": ages.denominator_key_sum.astype("int64").to_numpy() % KEY_RANGE,
            }
        )
        published = perturb(cells, ptable, settings)  # in the order of `cells`
        numerator = published.numerator.astype("int64").to_numpy()
        denominator = published.denominator.astype("int64").to_numpy()
    else:
        flag[(numerator > 0) & (numerator < settings.min_cell)] = "s"
    flag[(flag == "") & (denominator < max(settings.min_rate_base, 1))] = "w"
    rate = np.where(
        denominator > 0, 100.0 * np.minimum(numerator, denominator) / np.maximum(denominator, 1), 0
    )
    keys = ["school_year", "transition", "outcome", "area_level", "area_id"]
    by_age = ages[keys].assign(rate=rate, severity=[SEVERITY[f] for f in flag])
    summed = (
        by_age.sort_values([*keys, "rate"])
        .groupby(keys, sort=True)
        .agg(rate=("rate", "sum"), severity=("severity", "max"))
        .reset_index()
    )
    flags = {v: k for k, v in SEVERITY.items()}
    summed["flag"] = summed.severity.map(flags)
    return pd.DataFrame(
        {
            "cohort": summed.school_year.astype(int),
            "stage_pair": summed.transition,
            "from_category": "insgesamt",
            "to_category": summed.outcome,
            "subgroup": "alle",
            "subgroup_value": "alle",
            "area_level": summed.area_level.map(LEVELS),
            "area_id": summed.area_id.where(summed.area_level != "city", "stadt"),
            "method": "cross_sectional_quota_sum",
            "count": None,
            "denominator": None,
            "rate": summed.rate.where(summed.flag == "").round(1),
            "flag": summed.flag,
        }
    )


def _perturbed_cells(cohort, ptable, settings):
    """The cohort rows as the engine's cells (table = transition|method|dimension), each
    count and base published by the Cell Key Method from its record-key sum
    (rpt_transition_rates carries both beside the counts); the total row of a table is its
    base, so it gets the base's key and the same published value."""
    import pandas as pd

    from bildungspfade.disclosure.cellkey import perturb
    from bildungspfade.disclosure.ptable import KEY_RANGE

    # several delivered values publish as one (migration background: every origin is „mit“):
    # their counts and key sums add up to the published cell's before it is perturbed, or
    # one of them would stand for the cell, whichever came first
    grain = [
        "school_year",
        "transition",
        "method",
        "outcome_dimension",
        "outcome",
        "subgroup",
        "value_de",
        "area_level",
        "area_id",
    ]
    sums = ["numerator", "denominator", "numerator_key_sum", "denominator_key_sum"]
    cohort = cohort.groupby(grain, as_index=False, dropna=False, sort=True)[sums].sum()
    cohort["subgroup_value"] = cohort.value_de
    rows = cohort.assign(
        table=cohort.transition + "|" + cohort.method + "|" + cohort.outcome_dimension,
        subgroup_de=["alle" if s == "all" else SUBGROUPS[s][0] for s in cohort.subgroup.to_numpy()],
        level_de=cohort.area_level.map(LEVELS),
        area_de=cohort.area_id.where(cohort.area_level != "city", "stadt"),
    )
    base = rows.drop_duplicates(["school_year", "table", "subgroup", "subgroup_value", "area_id"])
    parts = [
        (rows, rows.outcome, rows.numerator, rows.numerator_key_sum),
        (
            base,
            pd.Series("insgesamt", index=base.index),
            base.denominator,
            base.denominator_key_sum,
        ),
    ]
    frames = []
    for frame, category, count, key_sum in parts:
        frames.append(
            pd.DataFrame(
                {
                    "table": frame.table,
                    "year": frame.school_year.astype(int),
                    "area_level": frame.level_de,
                    "area_id": frame.area_de,
                    "subgroup": frame.subgroup_de,
                    "subgroup_value": frame.value_de,
                    "category": category,
                    "numerator_true": count.astype("int64"),
                    "denominator_true": frame.denominator.astype("int64"),
                    "numerator": None,
                    "denominator": None,
                    "value": None,
                    "flag": "",
                    "numerator_ckey": key_sum.astype("int64") % KEY_RANGE,
                    "denominator_ckey": frame.denominator_key_sum.astype("int64") % KEY_RANGE,
                }
            )
        )
    return perturb(pd.concat(frames, ignore_index=True), ptable, settings)


def _inherit_withheld(frame, withheld):
    """Withhold a cohort cell wherever the overlapping indicator withholds the same cell
    (`withheld`: the indicator's cells at city and city-district level whose numerator is
    withheld). Then everything this table publishes on the indicator's grain the indicator
    publishes too, and the attacker who reads both learns nothing the indicator's audit did
    not already allow for (docs/disclosure.md). Withholding more keeps this table's own audit
    valid."""
    import pandas as pd

    overlap = (frame.method == "cohort") & (frame.from_category == "insgesamt")
    overlap &= frame.stage_pair.isin(list(OVERLAPS))
    if not overlap.any() or withheld.empty:
        return frame
    rows = frame[overlap]
    keys = pd.DataFrame(
        {
            "indicator_code": rows.stage_pair.map(lambda p: OVERLAPS[p][0]),
            "year": rows.cohort.astype(int),
            "area_level": rows.area_level,
            "area_id": rows.area_id,
            "subgroup": rows.subgroup,
            "subgroup_value": rows.subgroup_value,
            "category": [
                OVERLAPS[p][1](c) for p, c in zip(rows.stage_pair, rows.to_category, strict=True)
            ],
        },
        index=rows.index,
    )
    hidden = set(withheld[[*GRAIN, "category"]].itertuples(index=False, name=None))
    count_hidden = [k in hidden for k in keys.itertuples(index=False, name=None)]
    total_hidden = [
        (*k[:-1], "insgesamt") in hidden for k in keys.itertuples(index=False, name=None)
    ]
    frame = frame.copy()
    frame["count"] = frame["count"].astype(object)
    frame["denominator"] = frame["denominator"].astype(object)
    idx_count = keys.index[count_hidden]
    idx_total = keys.index[total_hidden]
    frame.loc[idx_count, "count"] = None
    frame.loc[idx_total, "denominator"] = None
    changed = idx_count.union(idx_total)
    frame.loc[changed, "rate"] = None
    frame.loc[changed, "flag"] = frame.loc[changed, "flag"].where(
        frame.loc[changed, "flag"] == "s", "z"
    )
    return frame


SEVERITY = {"s": 4, "z": 3, "w": 2, "r": 1, "": 0}


def _merge_duplicates(frame):
    """The same cell published by two audit units (the cohort total of a stage pair appears
    in every outcome dimension): withhold it if any unit withholds it. Publishing less than
    each unit allows keeps each unit's audit valid (withholding only removes equations).
    Vectorised (a group-by with Python aggregations per group was most of this model's
    time): a group's number is its first row's, or none if any row has none."""
    import pandas as pd

    grain = COLUMNS[:9]
    numbers = ["count", "denominator", "rate"]
    # groups numbered in the order they are first seen, as the published rows come
    group = frame.groupby(grain, dropna=False, sort=False).ngroup().to_numpy()
    merged = frame.loc[~pd.Series(group).duplicated().to_numpy(), grain].reset_index(drop=True)
    values = frame[numbers].astype(object)
    missing = values.isna().groupby(group).any()
    # with no number missing in a group, its first non-missing number is its first row's
    first = values.groupby(group).first().mask(missing)
    severity = frame.flag.map(SEVERITY).groupby(group).max()
    flags = {v: k for k, v in SEVERITY.items()}
    merged["flag"] = severity.map(flags).to_numpy()
    # a rate whose count or base is withheld goes too; a quota sum has neither by design
    no_counts = (first["count"].isna() | first["denominator"].isna()).to_numpy()
    quota_sum = (merged["method"] == "cross_sectional_quota_sum").to_numpy()
    first.loc[no_counts & ~quota_sum, "rate"] = None
    merged["count"] = pd.to_numeric(first["count"]).astype("Int64")
    merged["denominator"] = pd.to_numeric(first["denominator"]).astype("Int64")
    merged["rate"] = pd.to_numeric(first["rate"]).astype("float64")
    return merged[COLUMNS]
