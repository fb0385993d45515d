{# AS03 Übergänge auf das Gymnasium nach Grundschulempfehlung: one row per child of the
    grade-5 cohort of school year y, by the primary school's recommendation; counted when at a
    Gymnasium in y (also against the recommendation). #}
with

cohort as (

    select
        person_key,
        school_year,
        to_state,
        transition_recommendation
    from {{ ref('fct_indicator_base__grade5_cohort') }}

),

cases as (

    select
        'AS03' as indicator_code,
        school_year as year,
        person_key,
        case transition_recommendation
            when 'gymnasium' then 'gymnasium'
            when 'realschule_limited_gymnasium' then 'realschule_eingeschraenkt_gymnasium'
            when 'realschule' then 'realschule'
            when 'hauptschule_limited_realschule' then 'hauptschule_eingeschraenkt_realschule'
            when 'hauptschule' then 'hauptschule'
            else 'keine_angabe'
        end as category,
        to_state = 'gymnasium' as is_counted
    from cohort

)

select * from cases
