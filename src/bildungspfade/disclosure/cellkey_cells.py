"""The Cell Key Method's cells in one set-based DuckDB pass over the person-level cases.

Under the Cell Key Method a cell needs only its count and the sum of its persons' record keys,
both additive: no LP structure (build_unit's joint category atoms, subgroup views and link
rows). One `group by grouping sets` over the cases counts every table, category (and the
total), area of every level and subgroup value at once; a grid of the cells build_unit
makes (every category of a table times every area and subgroup value of its audit unit,
zeros included) takes those counts, and the perturbation table's lookup (cellkey.PERTURB_SQL)
publishes them. The result is a DuckDB relation: the cells never pass through pandas.

Same cells, counts, key sums and published values as protect() with build_unit
(tests/disclosure/test_cellkey_cells.py). The cases must hold one row per unit, year, table
and person (fct_indicator_cases' key); a person's area and subgroup values are the same in
every table of one unit and year (the unit's base population), where they are not, the
smallest non-null value stands, where build_unit takes the first row's.
"""

from __future__ import annotations

import duckdb

from bildungspfade.disclosure.cellkey import perturb_sql
from bildungspfade.disclosure.ptable import KEY_RANGE
from bildungspfade.disclosure.settings import ALL, TOTAL, DisclosureSettings, area_levels

# protect()'s cell columns, with the types it gives them (audit_lower/upper stay untyped
# nulls, as pandas writes a column of None)
OUT_COLUMNS = """
    audit_unit,
    "table",
    cast(year as bigint) as year,
    area_level,
    area_id,
    subgroup,
    subgroup_value,
    category,
    numerator_true,
    denominator_true,
    numerator,
    denominator,
    value,
    flag,
    'published' as numerator_status,
    'published' as denominator_status,
    null as audit_lower,
    null as audit_upper,
    numerator_ckey,
    denominator_ckey
"""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def cells_sql(cases: str, settings: DisclosureSettings) -> str:
    """SELECT of the true cells (protect()'s cells before perturbation) from the relation
    named `cases` (columns of engine.CASE_COLUMNS, the area levels, the subgroups and
    record_key)."""
    levels = area_levels(settings)
    subgroups = list(settings.subgroups)
    sub_levels = list(settings.subgroup_levels)
    attributes = [*levels, *subgroups]
    person_attrs = ",\n        ".join(
        [f"min({_quote(a)}) as {_quote(a)}" for a in levels]
        + [f"coalesce(min({_quote(s)}), 'unbekannt') as {_quote(s)}" for s in subgroups]
        + ["min(record_key) as record_key"]
    )
    # grouping sets: every area level (city: none) with `alle`, the subgroup levels with each
    # subgroup; the table's total is the sum over its categories afterwards (counts and key
    # sums add up), which halves the sets
    area_sets = [[]] + [[lvl] for lvl in levels]
    sets = [*area_sets]
    for lvl in sub_levels:
        base = [] if lvl == "stadt" else [lvl]
        sets += [[*base, s] for s in subgroups]
    grouping_sets = ",\n        ".join(
        "(" + ", ".join(["unit", "year", '"table"', "category", *map(_quote, cols)]) + ")"
        for cols in sets
    )
    flags = ",\n        ".join(
        f"grouping({_quote(a)}) = 0 as g_{i}" for i, a in enumerate(attributes)
    )
    level_case = " ".join(f"when g_{i} then {_text(lvl)}" for i, lvl in enumerate(levels))
    area_case = " ".join(f"when g_{i} then {_quote(lvl)}" for i, lvl in enumerate(levels))
    sub_case = " ".join(
        f"when g_{len(levels) + j} then {_text(s)}" for j, s in enumerate(subgroups)
    )
    value_case = " ".join(
        f"when g_{len(levels) + j} then {_quote(s)}" for j, s in enumerate(subgroups)
    )
    area_rows = "\n    union all\n    ".join(
        ["select distinct unit, year, 'stadt' as area_level, 'stadt' as area_id from persons"]
        + [
            f"select distinct unit, year, {_text(lvl)}, {_quote(lvl)} from persons "
            f"where {_quote(lvl)} is not null"
            for lvl in levels
        ]
    )
    breakdown_rows = "\n    union all\n    ".join(
        [f"select distinct unit, year, '{ALL}' as subgroup, '{ALL}' as subgroup_value from persons"]
        + [f"select distinct unit, year, {_text(s)}, {_quote(s)} from persons" for s in subgroups]
    )
    sub_level_list = ", ".join(_text(lvl) for lvl in sub_levels)
    cell_key = ["unit", "year", '"table"', "area_level", "area_id", "subgroup", "subgroup_value"]
    cell_key_list = ", ".join(cell_key)
    return f"""
with

case_rows as (
    select unit, year, "table", kind, person, category, counted
    from {cases}
),

persons as materialized (
    select
        unit,
        year,
        person,
        {person_attrs}
    from {cases}
    group by unit, year, person
),

case_persons as (
    select
        case_rows.unit,
        case_rows.year,
        case_rows."table",
        case_rows.category,
        case_rows.counted,
        persons.* exclude (unit, year, person)
    from case_rows
    inner join persons using (unit, year, person)
),

-- persons alike in every grouping column first: the grouping sets then sum far fewer rows
alike as (
    select
        unit,
        year,
        "table",
        category,
        {", ".join(map(_quote, attributes))},
        count(*) as n_all,
        count(*) filter (where counted) as n_counted,
        coalesce(sum(record_key), 0) as k_all,
        coalesce(sum(record_key) filter (where counted), 0) as k_counted
    from case_persons
    group by all
),

counted as (
    select
        unit,
        year,
        "table",
        category,
        {", ".join(map(_quote, attributes))},
        {flags},
        sum(n_all) as n_all,
        sum(n_counted) as n_counted,
        sum(k_all) as k_all,
        sum(k_counted) as k_counted
    from alike
    group by grouping sets (
        {grouping_sets}
    )
),

by_category as (
    select
        unit,
        year,
        "table",
        category,
        case {level_case or "when false then null"} else 'stadt' end as area_level,
        case {area_case or "when false then null"} else 'stadt' end as area_id,
        case {sub_case or "when false then null"} else '{ALL}' end as subgroup,
        case {value_case or "when false then null"} else '{ALL}' end as subgroup_value,
        n_all,
        n_counted,
        k_all,
        k_counted
    from counted
),

labelled as (
    select * from by_category
    union all
    select
        unit,
        year,
        "table",
        '{TOTAL}' as category,
        area_level,
        area_id,
        subgroup,
        subgroup_value,
        sum(n_all) as n_all,
        sum(n_counted) as n_counted,
        sum(k_all) as k_all,
        sum(k_counted) as k_counted
    from by_category
    group by unit, year, "table", area_level, area_id, subgroup, subgroup_value
),

tables as (
    select distinct unit, year, "table", kind from case_rows
),

categories as (
    select distinct
        unit,
        year,
        "table",
        -- the total's cell key is taken; build_unit would merge the two
        case
            when category = '{TOTAL}'
                then error('a category may not be called {TOTAL} (table ' || "table" || ')')
            else category
        end as category
    from case_rows
    union all
    select unit, year, "table", '{TOTAL}' from tables
),

areas as (
    {area_rows}
),

breakdowns as (
    {breakdown_rows}
),

grid as (
    select
        tables.unit,
        tables.year,
        tables."table",
        tables.kind,
        categories.category,
        areas.area_level,
        areas.area_id,
        breakdowns.subgroup,
        breakdowns.subgroup_value
    from tables
    inner join categories using (unit, year, "table")
    inner join areas using (unit, year)
    inner join breakdowns using (unit, year)
    where breakdowns.subgroup = '{ALL}' or areas.area_level in ({sub_level_list})
),

grid_counts as (
    select
        grid.*,
        coalesce(labelled.n_all, 0) as n_all,
        coalesce(labelled.n_counted, 0) as n_counted,
        coalesce(labelled.k_all, 0) as k_all,
        coalesce(labelled.k_counted, 0) as k_counted
    from grid
    left join labelled using ({cell_key_list}, category)
),

with_totals as (
    select
        *,
        max(case when category = '{TOTAL}' then n_all end)
            over (partition by {cell_key_list}) as n_table,
        max(case when category = '{TOTAL}' then k_all end)
            over (partition by {cell_key_list}) as k_table
    from grid_counts
)

-- a distribution's category is counted over its table's total; a rate's numerator are
-- the counted persons of the category, its denominator all of them
select
    unit as audit_unit,
    "table",
    year,
    area_level,
    area_id,
    subgroup,
    subgroup_value,
    category,
    kind,
    cast(case when kind = 'verteilung' then n_all else n_counted end as bigint)
        as numerator_true,
    cast(case when kind = 'verteilung' then n_table else n_all end as bigint)
        as denominator_true,
    cast((case when kind = 'verteilung' then k_all else k_counted end) % {KEY_RANGE} as bigint)
        as numerator_ckey,
    cast((case when kind = 'verteilung' then k_table else k_all end) % {KEY_RANGE} as bigint)
        as denominator_ckey,
    cast(null as bigint) as numerator,
    cast(null as bigint) as denominator,
    cast(null as double) as value,
    '' as flag
from with_totals
"""


def audit_sql(cells: str, settings: DisclosureSettings) -> str:
    """One audit row per unit and year from the true cells: the cells build_unit makes
    (numerators, and the denominators of rates) and its small counts (1 .. min_cell-1, and
    a rate's complement); the suppression audit's columns empty, as protect() leaves them."""
    m = int(settings.min_cell)
    return f"""
select
    audit_unit,
    cast(year as bigint) as year,
    cast(sum(case when kind = 'verteilung' then 1 else 2 end) as bigint) as cells,
    null::double as "primary",
    null::double as secondary,
    null::double as secondary_heuristic,
    null::double as secondary_audit,
    cast(
        count(*) filter (where numerator_true between 1 and {m - 1})
        + count(*) filter (
            where kind <> 'verteilung' and denominator_true between 1 and {m - 1}
        )
        + count(*) filter (
            where kind <> 'verteilung' and denominator_true - numerator_true between 1 and {m - 1}
        )
        as bigint
    ) as sensitive,
    null::double as lp_solves,
    null::double as repair_rounds,
    null::double as city_totals_restored,
    null::double as min_interval_width,
    null::double as attack_defeated,
    null::double as variables,
    null::double as seconds
from {cells}
group by audit_unit, year
"""


def cell_key_cells(
    con: duckdb.DuckDBPyConnection,
    cases: duckdb.DuckDBPyRelation,
    ptable: duckdb.DuckDBPyRelation,
    settings: DisclosureSettings,
) -> tuple[duckdb.DuckDBPyRelation, duckdb.DuckDBPyRelation]:
    """(cells, audit) as relations on `con`, with protect()'s columns: `cases` as protect()
    takes them (with record_key), `ptable` the perturbation table (seed ckm_ptable), both
    relations of `con`. The true cells are materialised once in a temporary table, as both
    results read them."""
    if settings.method != "cell_key":
        raise ValueError(f"the SQL cells are the Cell Key Method's, not {settings.method!r}")
    # temporary names of this connection (a dbt thread's cursor has its own); registered,
    # not created: a created view would stay in the warehouse file after the build, and it
    # cannot hold cases that live in a pandas frame (pub_pathways)
    names = {part: f"_ckm_{part}_{id(con):x}" for part in ("cases", "ptable", "true_cells")}
    con.register(names["cases"], cases)
    con.register(names["ptable"], ptable)
    con.execute(
        f"create or replace temp table {names['true_cells']} as "
        f"{cells_sql(names['cases'], settings)}"
    )
    published = con.sql(
        f"select {OUT_COLUMNS} from ("
        f"{perturb_sql(names['true_cells'], names['ptable'], settings.min_rate_base)})"
    )
    audit = con.sql(audit_sql(names["true_cells"], settings))
    return published, audit
