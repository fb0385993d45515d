{# FB03 Betreuungsverträge über 35 Wochenstunden: one row per child in care on 1 March of
    y+1 with known contracted hours, by age band; counted above 35 hours (35 is not above). #}
with

children as (

    select
        person_key,
        school_year,
        age_band,
        is_in_care,
        contracted_hours
    from {{ ref('fct_indicator_base__early_childhood') }}

),

cases as (

    select
        'FB03' as indicator_code,
        school_year as year,
        person_key,
        age_band as category,
        contracted_hours > 35 as is_counted
    from children
    where is_in_care and contracted_hours is not null

)

select * from cases
