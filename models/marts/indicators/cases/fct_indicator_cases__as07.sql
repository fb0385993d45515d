{# AS07 Schulformwechsel in der Sekundarstufe I: one row per pupil of the pupil base of school
    year y in grades 6-10 of lower secondary or a special school whose state in y-1 was also
    lower secondary or special needs (grade 5 or above), by the direction of a
    school_type_change transition into y ('kein_wechsel' without one). #}
with

pupils as (

    select
        person_key,
        school_year,
        state_stage,
        grade
    from {{ ref('fct_indicator_base__pupils') }}

),

person_years as (

    select
        person_key,
        school_year,
        state,
        grade
    from {{ ref('fct_person_years') }}

),

state_alphabet as (

    select
        state,
        stage
    from {{ ref('state_alphabet') }}

),

school_type_changes as (

    select
        person_key,
        school_year,
        direction
    from {{ ref('fct_transitions') }}
    where transition = 'school_type_change'

),

cases as (

    select  -- noqa: ST06
        'AS07' as indicator_code,
        pupils.school_year as year,
        pupils.person_key,
        case school_type_changes.direction
            when 'up' then 'aufwaerts'
            when 'down' then 'abwaerts'
            when 'lateral' then 'sonstiger_wechsel'
            when 'undirected' then 'sonstiger_wechsel'
            else 'kein_wechsel'
        end as category,
        true as is_counted
    from pupils
    inner join person_years as previous_year
        on
            pupils.person_key = previous_year.person_key
            and pupils.school_year - 1 = previous_year.school_year
    inner join state_alphabet as previous_stage
        on previous_year.state = previous_stage.state
    left join school_type_changes
        on {{ join_on('pupils', 'school_type_changes', 'person_year') }}
    where
        pupils.state_stage in ('lower_secondary', 'special_needs')
        and pupils.grade between 6 and 10
        and previous_stage.stage in ('lower_secondary', 'special_needs')
        and previous_year.grade >= 5

)

select * from cases
