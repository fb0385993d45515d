{#- One row per person (person_key): benefit and resident years, the years in view and why
    observation ends. Step of pnl_person_trajectories. -#}

with

persons as (

    select person_key
    from {{ ref('dim_persons') }}

),

person_years as (

    select
        person_key,
        school_year,
        state,
        is_resident,
        has_benefit_receipt,
        age_residence_date
    from {{ ref('fct_person_years') }}

),

residence_spells as (

    select
        person_key,
        spell_start,
        spell_end,
        exit_kind
    from {{ ref('int_residence_spells_built') }}

),

benefit as (

    select
        person_key,
        count(*) filter (where has_benefit_receipt) as benefit_years,
        count(*) filter (where is_resident) as resident_years,
        min(school_year) filter (where has_benefit_receipt) as first_benefit_year
    from person_years
    group by person_key

),

last_residence as (

    select
        person_key,
        -- two spells starting on one day: the one ending later is the last
        arg_max(exit_kind, { 'start': spell_start, 'end': spell_end, 'kind': exit_kind })
            as last_exit_kind,
        arg_max(spell_end, { 'start': spell_start, 'end': spell_end, 'kind': exit_kind })
            as last_spell_end
    from residence_spells
    group by person_key

),

observation as (

    select
        person_key,
        min(school_year) as first_school_year,
        max(school_year) filter (
            where state not in ('moved_away', 'died', 'unknown')
        ) as last_observed_school_year,
        max(school_year) as last_school_year_in_view,
        max(age_residence_date) as last_age_in_view
    from person_years
    group by person_key

),

data_end as (

    select max(school_year) as last_data_school_year
    from person_years

),

observation_window as (

    select
        persons.person_key,
        benefit.first_benefit_year,
        observation.first_school_year,
        observation.last_observed_school_year,
        observation.last_school_year_in_view,
        coalesce(benefit.benefit_years, 0) as benefit_years,
        coalesce(benefit.resident_years, 0) as resident_years,
        coalesce(benefit.benefit_years, 0) > 0 as has_benefit_receipt_ever,
        case
            when last_residence.last_exit_kind = 'died' then 'died'
            when last_residence.last_exit_kind = 'moved_away' then 'moved_away'
            when last_residence.person_key is null then 'not_registered'
            when observation.last_school_year_in_view < data_end.last_data_school_year
                then 'aged_out'
            else 'end_of_data'
        end as observation_end_reason,
        case
            when last_residence.last_exit_kind in ('died', 'moved_away')
                then last_residence.last_spell_end + 1
        end as observation_end_date
    from persons
    cross join data_end
    left join benefit on persons.person_key = benefit.person_key
    left join last_residence on persons.person_key = last_residence.person_key
    left join observation on persons.person_key = observation.person_key

)

select * from observation_window
