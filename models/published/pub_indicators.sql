{# One row per indicator, year, area level, area, subgroup and subgroup value and category:
    published counts after disclosure control (null when suppressed), the value in % from
    exact counts (null when withheld) and the flag. Segregation indices (RB02-RB05) carry a
    value without counts. Last step: a cell an awaited delivery may change is `…` (Angabe
    fällt später an: no counts, no value; marts.rpt_awaited_cells); an indicator year with
    no cell at all because its delivery is awaited whole gets one city total `…`. #}
{%- set min_rate_base = var('bp:disclosure:min_rate_base', 10) -%}

with

cells as (

    select
        {{ grain_columns('indicator_cell') }},
        numerator,
        denominator,
        value,
        flag
    from {{ ref('fct_indicator_cells') }}

),

segregation as (

    select
        {{ grain_columns('indicator_cell') }},
        cast(null as bigint) as numerator,
        cast(null as bigint) as denominator,
        case
            when
                units >= 2
                and group_total >= {{ min_rate_base }}
                and other_total >= {{ min_rate_base }}
                then round(value, 1)
        end as value,  -- noqa: RF04
        case
            when
                units >= 2
                and group_total >= {{ min_rate_base }}
                and other_total >= {{ min_rate_base }}
                then ''
            else 'w'
        end as flag
    from {{ ref('fct_segregation_indices') }}

),

unioned as (

    select * from cells
    union all
    select * from segregation

),

final as (

    select
        indicator_code,
        cast(year as integer) as year,
        area_level,
        area_id,
        subgroup,
        subgroup_value,
        category,
        cast(numerator as bigint) as numerator,
        cast(denominator as bigint) as denominator,
        cast(value as double) as value,  -- noqa: RF04
        flag
    from unioned

),

awaited as (

    select
        table_part as indicator_code,
        period,
        breakdown_column,
        breakdown_value
    from {{ ref('rpt_awaited_cells') }}
    where published_table = 'pub_indicators'

),

awaited_cells as (

    select distinct
        {{ grain_columns('indicator_cell', 'final') }}
    from final
    inner join awaited
        on
            final.indicator_code = awaited.indicator_code
            and cast(final.year as varchar) = awaited.period
            and (
                awaited.breakdown_column = 'alle'
                or (
                    awaited.breakdown_column = 'subgroup'
                    and final.subgroup = awaited.breakdown_value
                )
                or (
                    awaited.breakdown_column = 'area_level'
                    and final.area_level = awaited.breakdown_value
                )
            )

),

gap_marked as (

    -- after disclosure control: publishing less never reveals more
    select
        {{ grain_columns('indicator_cell', 'final') }},
        case when awaited_cells.indicator_code is null then final.numerator end as numerator,
        case when awaited_cells.indicator_code is null then final.denominator end as denominator,
        case when awaited_cells.indicator_code is null then final.value end as value,  -- noqa: RF04
        case when awaited_cells.indicator_code is null then final.flag else '…' end as flag
    from final
    left join awaited_cells
        on {{ join_on('final', 'awaited_cells', 'indicator_cell') }}

),

published_years as (

    select
        min(year) as first_year,
        max(year) as last_year
    from final

),

absent_awaited as (

    -- an indicator year whose dataset-year is missing or rejected whole has no cell to mark:
    -- one city total says that it is awaited
    select distinct
        awaited.indicator_code,
        cast(awaited.period as integer) as year,
        'stadt' as area_level,
        'stadt' as area_id,
        'alle' as subgroup,
        'alle' as subgroup_value,
        'insgesamt' as category
    from awaited
    cross join published_years
    where
        awaited.breakdown_column = 'alle'
        and cast(awaited.period as integer) between published_years.first_year
        and published_years.last_year
        and not exists (
            select 1 as found
            from final
            where
                final.indicator_code = awaited.indicator_code
                and cast(final.year as varchar) = awaited.period
        )

),

awaited_totals as (

    select
        {{ grain_columns('indicator_cell') }},
        cast(null as bigint) as numerator,
        cast(null as bigint) as denominator,
        cast(null as double) as value,  -- noqa: RF04
        '…' as flag
    from absent_awaited

),

unioned_marked as (

    select * from gap_marked
    union all
    select * from awaited_totals

),

published as (

    select
        indicator_code,
        year,
        area_level,
        area_id,
        {{ area_name('area_level', 'area_id') }} as area_name,
        * exclude (indicator_code, year, area_level, area_id)
    from unioned_marked

)

select * from published
