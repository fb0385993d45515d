{# AS04 Wiederholerquote: one row per pupil of the pupil base of school year y who attended
    grades 1-10 of a general school in y-1, by school stage; counted when in the same or a
    lower grade than in y-1. #}
with

pupils as (

    select
        person_key,
        school_year,
        grade,
        school_stage
    from {{ ref('fct_indicator_base__pupils') }}

),

person_years as (

    select
        person_key,
        school_year,
        school_form,
        grade
    from {{ ref('fct_person_years') }}

),

cases as (

    select
        'AS04' as indicator_code,
        pupils.school_year as year,
        pupils.person_key,
        pupils.school_stage as category,
        pupils.grade <= previous_year.grade as is_counted
    from pupils
    inner join person_years as previous_year
        on
            pupils.person_key = previous_year.person_key
            and pupils.school_year - 1 = previous_year.school_year
    where previous_year.school_form is not null and previous_year.grade between 1 and 10

)

select * from cases
