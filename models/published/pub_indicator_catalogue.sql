{# One row per indicator: the published catalogue (docs/indicators.md), in the seed's sort
    order; the seed's build-only columns stay out. #}
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
        source
    from {{ ref('indicator_catalogue') }}
    order by sort_order

)

select * from catalogue
