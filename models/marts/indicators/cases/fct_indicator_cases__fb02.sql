{# FB02 nichtdeutsche Familiensprache in Kindertagesbetreuung: one row per child in care on
    1 March of y+1 with a known family language, by age band; counted when it is not German. #}
with

children as (

    select
        person_key,
        school_year,
        age_band,
        is_in_care,
        has_nongerman_family_language
    from {{ ref('fct_indicator_base__early_childhood') }}

),

cases as (

    select
        'FB02' as indicator_code,
        school_year as year,
        person_key,
        age_band as category,
        has_nongerman_family_language as is_counted
    from children
    where is_in_care and has_nongerman_family_language is not null

)

select * from cases
