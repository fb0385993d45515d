{# RB01 Inanspruchnahme von Bildung und Teilhabe: one row per child aged 6-17 on 31 December
    of y, resident on that day and in SGB II receipt in year y, by age band; counted when any
    Bildung-und-Teilhabe benefit has at least one month in the same year. #}
with

person_years as (

    select
        person_key,
        school_year,
        is_resident,
        has_benefit_receipt,
        age_residence_date
    from {{ ref('fct_person_years') }}

),

but_years as (

    select
        person_key,
        year,
        greatest(
            coalesce(but_tutoring_months, 0),
            coalesce(but_lunch_months, 0),
            coalesce(but_school_trip_months, 0),
            coalesce(but_school_supplies_months, 0),
            coalesce(but_participation_months, 0)
        ) > 0 as has_but
    from {{ ref('int_benefit_years_deduplicated') }}

),

cases as (

    select
        'RB01' as indicator_code,
        person_years.school_year as year,
        person_years.person_key,
        case
            when person_years.age_residence_date <= 9 then '6_bis_9'
            when person_years.age_residence_date <= 14 then '10_bis_14'
            else '15_bis_17'
        end as category,
        coalesce(but_years.has_but, false) as is_counted
    from person_years
    left join but_years
        on
            person_years.person_key = but_years.person_key
            and person_years.school_year = but_years.year
    where
        person_years.is_resident
        and person_years.has_benefit_receipt
        and person_years.age_residence_date between 6 and 17

)

select * from cases
