{# One row per indicator, year, area level, area, subgroup value and category: exact counts
    and values (restricted), the counts-based indicators from fct_indicator_cells and the
    segregation indices at city level. #}
with

cells as (

    select
        {{ grain_columns('indicator_cell') }},
        numerator_true as numerator,
        denominator_true as denominator,
        {{ safe_rate('100 * numerator_true', 'denominator_true') }} as value  -- noqa: RF04
    from {{ ref('fct_indicator_cells') }}

),

segregation as (

    select
        {{ grain_columns('indicator_cell') }},
        cast(group_total as bigint) as numerator,
        cast(group_total + other_total as bigint) as denominator,
        value
    from {{ ref('fct_segregation_indices') }}

),

final as (

    select * from cells
    union all
    select * from segregation

)

select * from final
