{# AS01 Einschulungen nach Art der Einschulung: one row per child starting school in school
    year y and resident on 15 October of y, by kind of entry. #}
with

school_entries as (

    select
        person_key,
        school_year,
        entry_kind
    from {{ ref('fct_transitions') }}
    where transition = 'kita_to_school'

),

person_years as (

    select
        person_key,
        school_year,
        is_resident_school_date
    from {{ ref('fct_person_years') }}

),

cases as (

    select  -- noqa: ST06
        'AS01' as indicator_code,
        school_entries.school_year as year,
        school_entries.person_key,
        case school_entries.entry_kind
            when 'regular' then 'fristgerecht'
            when 'early' then 'vorzeitig'
            when 'deferred' then 'nach_zurueckstellung'
            else 'unbekannt'
        end as category,
        true as is_counted
    from school_entries
    inner join person_years
        on {{ join_on('school_entries', 'person_years', 'person_year') }}
    where person_years.is_resident_school_date

)

select * from cases
