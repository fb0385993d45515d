{# One row per child and school year y in the grade-5 cohort shared by AS02 and AS03:
    children with a grade4_to_grade5 transition into y (last in grade 4 of a primary school in
    y-1) who were resident on 15 October of both y-1 and y. #}
with

grade5_transitions as (

    select
        person_key,
        school_year,
        to_state,
        transition_recommendation
    from {{ ref('fct_transitions') }}
    where transition = 'grade4_to_grade5'

),

person_years as (

    select
        person_key,
        school_year,
        is_resident_school_date
    from {{ ref('fct_person_years') }}

),

cohort as (

    select
        grade5_transitions.school_year,
        grade5_transitions.person_key,
        grade5_transitions.to_state,
        grade5_transitions.transition_recommendation
    from grade5_transitions
    inner join person_years as grade5_year
        on
            grade5_transitions.person_key = grade5_year.person_key
            and grade5_transitions.school_year = grade5_year.school_year
    inner join person_years as grade4_year
        on
            grade5_transitions.person_key = grade4_year.person_key
            and grade5_transitions.school_year - 1 = grade4_year.school_year
    where
        grade4_year.is_resident_school_date
        and grade5_year.is_resident_school_date

)

select * from cohort
