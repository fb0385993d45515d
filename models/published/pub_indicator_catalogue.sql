{# One row per indicator: the published catalogue (docs/indicators.md). #}
with

catalogue as (

    select
        indicator_code,
        family,
        name_de,
        definition_de,
        numerator_de,
        denominator_de,
        unit,
        source,
        sort_order
    from {{ ref('indicator_catalogue') }}

),

final as (

    select
        indicator_code,
        family,
        name_de,
        definition_de,
        numerator_de,
        denominator_de,
        unit,
        source
    from catalogue
    order by sort_order

)

select * from final
