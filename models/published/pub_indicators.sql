{# One row per indicator, year, area level, area, subgroup and subgroup value and category:
    published counts after disclosure control (null when suppressed), the value in % from
    exact counts (null when withheld) and the flag. Segregation indices (RB02-RB05) carry a
    value without counts. #}
{%- set min_rate_base = var('bp:disclosure:min_rate_base', 10) -%}

with

cells as (

    select
        indicator_code,
        year,
        area_level,
        area_id,
        subgroup,
        subgroup_value,
        category,
        numerator,
        denominator,
        value,
        flag
    from {{ ref('fct_indicator_cells') }}

),

segregation as (

    select
        indicator_code,
        year,
        'stadt' as area_level,
        'stadt' as area_id,
        'alle' as subgroup,
        'alle' as subgroup_value,
        category,
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
        {{ area_name('area_level', 'area_id') }} as area_name,
        subgroup,
        subgroup_value,
        category,
        cast(numerator as bigint) as numerator,
        cast(denominator as bigint) as denominator,
        cast(value as double) as value,  -- noqa: RF04
        flag
    from unioned

)

select * from final
