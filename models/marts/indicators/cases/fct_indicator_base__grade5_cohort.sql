{# One row per child and school year y in the grade-5 cohort shared by AS02 and AS03:
    children with a grade4_to_grade5 transition into y (last in grade 4 of a primary school in
    y-1) who were resident on 15 October of both y-1 and y, the transition's cohort population
    in fct_transition_observations. #}
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

resident_cohort as (

    select
        person_key,
        school_year
    from {{ ref('fct_transition_observations') }}
    where
        transition = 'grade4_to_grade5'
        and method = 'cohort'
        and outcome_dimension = 'to_state'

),

cohort as (

    select
        grade5_transitions.school_year,
        grade5_transitions.person_key,
        grade5_transitions.to_state,
        grade5_transitions.transition_recommendation
    from grade5_transitions
    inner join resident_cohort
        on {{ join_on('grade5_transitions', 'resident_cohort', 'person_year') }}

)

select * from cohort
