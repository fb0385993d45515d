{# AS02 Übergänge in Klasse 5 nach Schulform: one row per child of the grade-5 cohort of
    school year y, by the state in y (repetition, moving away and unknown are 'sonstige'). #}
with

cohort as (

    select
        person_key,
        school_year,
        to_state
    from {{ ref('fct_indicator_base__grade5_cohort') }}

),

cases as (

    select  -- noqa: ST06
        'AS02' as indicator_code,
        school_year as year,
        person_key,
        case
            when
                to_state in (
                    'hauptschule', 'realschule', 'sekundarschule', 'gesamtschule', 'gymnasium',
                    'waldorf'
                )
                then to_state
            when to_state = 'special_school' then 'foerderschule'
            else 'sonstige'
        end as category,
        true as is_counted
    from cohort

)

select * from cases
