{# One row per pupil and school year in the pupil base population shared by AS04-AS07:
    pupils of a general school in grades 1-10 resident on 15 October of y, with the stage of
    their state (seed state_alphabet) and their school stage (grades 1-4 primary). #}
with

person_years as (

    select
        person_key,
        school_year,
        state,
        is_resident_school_date,
        school_form,
        grade,
        special_needs_focus
    from {{ ref('fct_person_years') }}

),

state_alphabet as (

    select
        state,
        stage
    from {{ ref('state_alphabet') }}

),

pupils as (

    select
        person_years.person_key,
        person_years.school_year,
        person_years.state,
        state_alphabet.stage as state_stage,
        person_years.grade,
        person_years.special_needs_focus,
        case when person_years.grade <= 4 then 'primarstufe' else 'sekundarstufe_i' end
            as school_stage
    from person_years
    left join state_alphabet
        on person_years.state = state_alphabet.state
    where
        person_years.is_resident_school_date
        and person_years.school_form is not null
        and person_years.grade between 1 and 10

)

select * from pupils
