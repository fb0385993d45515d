{# AS05 Förderquote: one row per pupil of the pupil base of school year y, by school stage;
    counted with a special educational needs focus (Förderschwerpunkt). #}
with

pupils as (

    select
        person_key,
        school_year,
        school_stage,
        special_needs_focus
    from {{ ref('fct_indicator_base__pupils') }}

),

cases as (

    select
        'AS05' as indicator_code,
        school_year as year,
        person_key,
        school_stage as category,
        special_needs_focus is not null as is_counted
    from pupils

)

select * from cases
