{#- One row per person (person_key): grade 5, repetitions, special educational needs,
    changes of school type, the first certificate and the first step after general school.
    Step of pnl_person_trajectories. -#}
{%- set first_step_window = var('bp:states:first_step_window_years', 2) -%}

with

persons as (

    select person_key
    from {{ ref('dim_persons') }}

),

person_years as (

    select
        person_key,
        school_year,
        state
    from {{ ref('fct_person_years') }}

),

transitions as (

    select
        person_key,
        transition,
        school_year,
        to_state,
        direction,
        transition_recommendation
    from {{ ref('fct_transitions') }}

),

school_enrolments as (

    select
        person_key,
        school_year,
        school_form,
        grade,
        special_needs_focus
    from {{ ref('int_school_enrolments_deduplicated') }}

),

school_leavers as (

    select
        person_key,
        school_year,
        certificate_key,
        certificate_level,
        certificate_level_rank
    from {{ ref('int_school_leavers_classified') }}
    where certificate_key is not null

),

grade5 as (

    select
        person_key,
        school_year as grade5_school_year,
        to_state as grade5_state,
        transition_recommendation as grade5_recommendation
    from transitions
    where transition = 'grade4_to_grade5'

),

type_changes as (

    select
        person_key,
        count(*) filter (where direction = 'up') as school_type_changes_up,
        count(*) filter (where direction = 'down') as school_type_changes_down,
        count(*) filter (where direction = 'lateral') as school_type_changes_lateral
    from transitions
    where transition = 'school_type_change'
    group by person_key

),


repetitions as (

    -- Repetition: a school year in the same grade as the consecutive year before (observed
    -- grades, not the versetzung code, which schools fill unevenly).

    select
        person_key,
        count(*) filter (where is_repetition) as repetitions
    from (
        select
            person_key,
            grade = lag(grade) over (partition by person_key order by school_year)
            and school_year - 1 = lag(school_year) over (
                partition by person_key order by school_year
            ) as is_repetition
        from school_enrolments
    ) as graded
    group by person_key

),

special_needs as (

    select
        person_key,
        arg_min(special_needs_focus, school_year) as first_special_needs_focus,
        min(school_year) as first_special_needs_school_year,
        bool_or(school_form = '08') as is_taught_in_special_school,
        bool_or(school_form <> '08') as is_taught_in_general_school
    from school_enrolments
    where special_needs_focus is not null
    group by person_key

),

first_certificate as (

    select
        person_key,
        -- two certificates in the first year (a pupil leaving two schools): the higher one
        arg_min(
            certificate_key,
            { 'year': school_year, 'rank': -certificate_level_rank, 'key': certificate_key }
        ) as first_certificate_key,
        min(school_year) as first_certificate_school_year
    from school_leavers
    group by person_key

),

leaving as (

    select
        person_key,
        school_year as next_step_school_year,
        to_state as next_state
    from transitions
    where transition = 'general_school_to_next'

),


first_step as (

    -- The first observed post-school education state within the window after leaving; an
    -- inferred university start only when nothing is observed.

    select
        leaving.person_key,
        coalesce(
            arg_min(person_years.state, person_years.school_year) filter (
                where person_years.state in ('iabe_I', 'iabe_II', 'iabe_III', 'fachschule')
            ),
            arg_min(person_years.state, person_years.school_year) filter (
                where person_years.state = 'university_inferred'
            ),
            leaving.next_state
        ) as first_step_state,
        coalesce(
            min(person_years.school_year) filter (
                where person_years.state in ('iabe_I', 'iabe_II', 'iabe_III', 'fachschule')
            ),
            min(person_years.school_year) filter (
                where person_years.state = 'university_inferred'
            ),
            leaving.next_step_school_year
        ) as first_step_school_year
    from leaving
    left join person_years
        on
            leaving.person_key = person_years.person_key
            and person_years.school_year
            between leaving.next_step_school_year
            and leaving.next_step_school_year + {{ first_step_window }} - 1
    group by leaving.person_key, leaving.next_state, leaving.next_step_school_year

),

school_career as (

    select
        persons.person_key,
        grade5.grade5_school_year,
        grade5.grade5_state,
        grade5.grade5_recommendation,
        special_needs.first_special_needs_focus,
        special_needs.first_special_needs_school_year,
        first_certificate.first_certificate_key,
        first_certificate.first_certificate_school_year,
        first_step.first_step_state,
        first_step.first_step_school_year,
        coalesce(repetitions.repetitions, 0) as repetitions,
        special_needs.person_key is not null as has_special_needs,
        case
            when special_needs.is_taught_in_special_school
                and special_needs.is_taught_in_general_school
                then 'both'
            when special_needs.is_taught_in_special_school then 'special_school'
            when special_needs.is_taught_in_general_school then 'general_school'
        end as special_needs_taught_in,
        coalesce(type_changes.school_type_changes_up, 0) as school_type_changes_up,
        coalesce(type_changes.school_type_changes_down, 0) as school_type_changes_down,
        coalesce(type_changes.school_type_changes_lateral, 0) as school_type_changes_lateral
    from persons
    left join grade5 on persons.person_key = grade5.person_key
    left join repetitions on persons.person_key = repetitions.person_key
    left join special_needs on persons.person_key = special_needs.person_key
    left join type_changes on persons.person_key = type_changes.person_key
    left join first_certificate on persons.person_key = first_certificate.person_key
    left join first_step on persons.person_key = first_step.person_key

)

select * from school_career
