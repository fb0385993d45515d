{# AS06 Inklusionsanteil: one row per pupil of the pupil base of school year y with a special
    educational needs focus, by place of learning (special school or general school). #}
with

pupils as (

    select
        person_key,
        school_year,
        state,
        special_needs_focus
    from {{ ref('fct_indicator_base__pupils') }}

),

cases as (

    select  -- noqa: ST06
        'AS06' as indicator_code,
        school_year as year,
        person_key,
        case when state = 'special_school' then 'foerderschule' else 'allgemeine_schule' end
            as category,
        true as is_counted
    from pupils
    where special_needs_focus is not null

)

select * from cases
