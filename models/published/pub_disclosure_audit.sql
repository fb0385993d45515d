{# One row per audit unit (indicators sharing a base population) and year: the disclosure
    method, how many cells were suppressed and why, and the result of the differencing attack
    (LP over every published cell of the unit across all area levels): every small count's
    interval must stay at least max(1, min_cell-2) wide. Counts of cells only, never a count of persons. #}
{%- set min_cell = var('bp:disclosure:min_cell', 3) -%}
{%- set required_width = [1, min_cell - 2] | max -%}
{%- set method = (
    var('bp:disclosure:method:pub_indicators')
    or var('bp:disclosure:method', 'cell_key')
) -%}

with

cells as (

    select
        audit_unit,
        year,
        numerator_status,
        denominator_status,
        flag,
        audit_lower,
        audit_upper,
        unit_cells,
        unit_primary,
        unit_secondary,
        unit_secondary_heuristic,
        unit_secondary_audit,
        unit_sensitive,
        unit_lp_solves,
        unit_repair_rounds,
        unit_variables,
        unit_seconds
    from {{ ref('fct_indicator_cells') }}

),

final as (

    select
        audit_unit,
        cast(year as integer) as year,
        '{{ method }}' as disclosure_method,
        {{ min_cell }} as min_cell,
        count(*) as published_rows,
        count(*) filter (where flag = 's') as rows_flag_s,
        count(*) filter (where flag = 'z') as rows_flag_z,
        count(*) filter (where flag = 'w') as rows_flag_w,
        count(*) filter (where flag = 'r') as rows_flag_r,
        max(unit_cells) as cells,
        max(unit_primary) as cells_primary,
        max(unit_secondary) as cells_secondary,
        max(unit_secondary_heuristic) as cells_secondary_heuristic,
        max(unit_secondary_audit) as cells_secondary_audit,
        max(unit_sensitive) as small_counts_attacked,
        max(unit_lp_solves) as lp_solves,
        max(unit_repair_rounds) as repair_rounds,
        max(unit_variables) as lp_variables,
        max(unit_seconds) as seconds,
        min(audit_upper - audit_lower) as min_attacker_interval_width,
        {{ required_width }} as required_interval_width,
        coalesce(bool_and(
            audit_lower is null or audit_upper - audit_lower >= {{ required_width }} - 1e-6
        ), true) as attack_defeated
    from cells
    group by audit_unit, year

)

select * from final
