{#- One row per person (person_key): day care before school, the last school entry
    examination, school entry and the facts of the entry year. Step of pnl_person_trajectories. -#}

with

persons as (

    select
        person_key,
        birth_month
    from {{ ref('dim_persons') }}

),

person_years as (

    select
        person_key,
        school_year,
        state,
        statistical_district,
        city_district,
        sozialraum,
        catchment_area,
        school_id,
        contracted_hours,
        has_benefit_receipt
    from {{ ref('fct_person_years') }}

),

transitions as (

    select
        person_key,
        transition,
        school_year,
        to_state,
        entry_kind
    from {{ ref('fct_transitions') }}

),

kita_spells as (

    select
        person_key,
        care_type,
        entry_date
    from {{ ref('int_kita_spells_built') }}

),

seu as (

    select
        person_key,
        examination_date,
        language_level_code,
        recommendation,
        row_number() over (
            partition by person_key
            order by examination_date desc, record_key asc
        ) as examination_ordinal
    from {{ ref('int_school_entry_examinations_linked') }}

),

last_examination as (

    select
        person_key,
        examination_date,
        language_level_code,
        recommendation
    from seu
    where examination_ordinal = 1

),

first_care as (

    select
        person_key,
        min(entry_date) as care_entry_date,
        -- Kita and Tagespflege from the same day: a fixed order, not the row order
        arg_min(care_type, { 'entry_date': entry_date, 'care_type': care_type })
            as care_entry_type
    from kita_spells
    group by person_key

),

school_entry as (

    select
        person_key,
        school_year as school_entry_year,
        entry_kind as school_entry_kind,
        to_state as school_entry_state
    from transitions
    where transition = 'kita_to_school'

),

entry_year_facts as (

    select
        school_entry.person_key,
        entry_year.school_id as entry_school_id,
        entry_year.statistical_district as entry_statistical_district,
        entry_year.city_district as entry_city_district,
        entry_year.sozialraum as entry_sozialraum,
        entry_year.catchment_area as entry_catchment_area,
        entry_year.has_benefit_receipt as has_benefit_receipt_at_school_entry
    from school_entry
    inner join person_years as entry_year
        on
            school_entry.person_key = entry_year.person_key
            and school_entry.school_entry_year = entry_year.school_year

),

care_before_school as (

    select
        person_years.person_key,
        count(*) filter (
            where person_years.state in ('kita', 'tagespflege')
        ) as care_years_before_school,
        arg_max(person_years.contracted_hours, person_years.school_year) filter (
            where person_years.contracted_hours is not null
        ) as contracted_hours_before_school
    from person_years
    left join school_entry
        on person_years.person_key = school_entry.person_key
    where person_years.school_year < coalesce(school_entry.school_entry_year, 9999)
    group by person_years.person_key

),

early_years as (

    select
        persons.person_key,
        first_care.care_entry_date,
        first_care.care_entry_type,
        {{ age_at('persons.birth_month', 'first_care.care_entry_date') }} as care_entry_age,
        coalesce(care_before_school.care_years_before_school, 0) as care_years_before_school,
        care_before_school.contracted_hours_before_school,
        last_examination.examination_date as seu_examination_date,
        last_examination.language_level_code as seu_language_level_code,
        last_examination.recommendation as seu_recommendation,
        school_entry.school_entry_year,
        school_entry.school_entry_kind,
        school_entry.school_entry_state,
        entry_year_facts.entry_school_id,
        entry_year_facts.entry_statistical_district,
        entry_year_facts.entry_city_district,
        entry_year_facts.entry_sozialraum,
        entry_year_facts.entry_catchment_area,
        entry_year_facts.has_benefit_receipt_at_school_entry
    from persons
    left join entry_year_facts on persons.person_key = entry_year_facts.person_key
    left join first_care on persons.person_key = first_care.person_key
    left join care_before_school on persons.person_key = care_before_school.person_key
    left join last_examination on persons.person_key = last_examination.person_key
    left join school_entry on persons.person_key = school_entry.person_key

)

select * from early_years
