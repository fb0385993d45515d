{# FB04 Sprachstand bei der Schuleingangsuntersuchung: one row per child examined in school
    year y (examinations up to 31 July y+1), by the language level of the latest examination
    of the year. Examinees need not be resident. #}
with

examinations as (

    select
        person_key,
        school_year,
        language_level_code,
        row_number() over (
            partition by person_key, school_year
            order by examination_date desc, record_key asc
        ) as examination_rank
    from {{ ref('int_school_entry_examinations_linked') }}
    where examination_date is not null

),

cases as (

    select  -- noqa: ST06
        'FB04' as indicator_code,
        school_year as year,
        person_key,
        case language_level_code
            when '1' then 'altersgemaess'
            when '2' then 'foerderbedarf'
            when '3' then 'intensiver_foerderbedarf'
            else 'unbekannt'
        end as category,
        true as is_counted
    from examinations
    where examination_rank = 1

)

select * from cases
