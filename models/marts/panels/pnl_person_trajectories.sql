{#- One row per person: the trajectory fields of issue 4, from the person-year panel, the
    transitions and the intermediate spells, in three steps a reader can follow:
    pnl_trajectory_early_years (day care, school entry examination, school entry),
    pnl_trajectory_school_career (grade 5 to the first step after school) and
    pnl_trajectory_observation_window (benefit years, years in view, end of observation). -#}

with

persons as (

    select
        person_key,
        birth_month,
        birth_cohort,
        sex,
        has_nongerman_family_language,
        migration_background,
        nationality
    from {{ ref('dim_persons') }}

),

early_years as (

    select
        person_key,
        has_benefit_receipt_at_school_entry,
        care_entry_date,
        care_entry_type,
        care_entry_age,
        care_years_before_school,
        contracted_hours_before_school,
        seu_examination_date,
        seu_language_level_code,
        seu_recommendation,
        school_entry_year,
        school_entry_kind,
        school_entry_state,
        entry_school_id,
        entry_statistical_district,
        entry_city_district,
        entry_sozialraum,
        entry_catchment_area
    from {{ ref('pnl_trajectory_early_years') }}

),

school_career as (

    select
        person_key,
        grade5_school_year,
        grade5_state,
        grade5_recommendation,
        repetitions,
        has_special_needs,
        first_special_needs_focus,
        first_special_needs_school_year,
        special_needs_taught_in,
        school_type_changes_up,
        school_type_changes_down,
        school_type_changes_lateral,
        first_certificate_key,
        first_certificate_school_year,
        first_step_state,
        first_step_school_year
    from {{ ref('pnl_trajectory_school_career') }}

),

observation_window as (

    select
        person_key,
        benefit_years,
        resident_years,
        has_benefit_receipt_ever,
        first_benefit_year,
        first_school_year,
        last_observed_school_year,
        last_school_year_in_view,
        observation_end_reason,
        observation_end_date
    from {{ ref('pnl_trajectory_observation_window') }}

),

joined as (

    select
        persons.person_key,
        persons.birth_month,
        persons.birth_cohort,
        persons.sex,
        persons.has_nongerman_family_language,
        persons.migration_background,
        persons.nationality,
        observation_window.benefit_years,
        observation_window.resident_years,
        observation_window.has_benefit_receipt_ever,
        observation_window.first_benefit_year,
        early_years.has_benefit_receipt_at_school_entry,
        early_years.care_entry_date,
        early_years.care_entry_type,
        early_years.care_entry_age,
        early_years.care_years_before_school,
        early_years.contracted_hours_before_school,
        early_years.seu_examination_date,
        early_years.seu_language_level_code,
        early_years.seu_recommendation,
        early_years.school_entry_year,
        early_years.school_entry_kind,
        early_years.school_entry_state,
        early_years.entry_school_id,
        early_years.entry_statistical_district,
        early_years.entry_city_district,
        early_years.entry_sozialraum,
        early_years.entry_catchment_area,
        school_career.grade5_school_year,
        school_career.grade5_state,
        school_career.grade5_recommendation,
        school_career.repetitions,
        school_career.has_special_needs,
        school_career.first_special_needs_focus,
        school_career.first_special_needs_school_year,
        school_career.special_needs_taught_in,
        school_career.school_type_changes_up,
        school_career.school_type_changes_down,
        school_career.school_type_changes_lateral,
        school_career.first_certificate_key,
        school_career.first_certificate_school_year,
        school_career.first_step_state,
        school_career.first_step_school_year,
        observation_window.first_school_year,
        observation_window.last_observed_school_year,
        observation_window.last_school_year_in_view,
        observation_window.observation_end_reason,
        observation_window.observation_end_date
    from persons
    left join early_years on persons.person_key = early_years.person_key
    left join school_career on persons.person_key = school_career.person_key
    left join observation_window on persons.person_key = observation_window.person_key

),

final as (

    select
        cast(person_key as varchar) as person_key,
        cast(birth_month as date) as birth_month,
        cast(birth_cohort as integer) as birth_cohort,
        cast(sex as varchar) as sex,
        cast(has_nongerman_family_language as boolean) as has_nongerman_family_language,
        cast(migration_background as varchar) as migration_background,
        cast(nationality as varchar) as nationality,
        cast(benefit_years as integer) as benefit_years,
        cast(resident_years as integer) as resident_years,
        cast(has_benefit_receipt_ever as boolean) as has_benefit_receipt_ever,
        cast(first_benefit_year as integer) as first_benefit_year,
        cast(has_benefit_receipt_at_school_entry as boolean) as has_benefit_receipt_at_school_entry,
        cast(care_entry_date as date) as care_entry_date,
        cast(care_entry_type as varchar) as care_entry_type,
        cast(care_entry_age as integer) as care_entry_age,
        cast(care_years_before_school as integer) as care_years_before_school,
        cast(contracted_hours_before_school as integer) as contracted_hours_before_school,
        cast(seu_examination_date as date) as seu_examination_date,
        cast(seu_language_level_code as varchar) as seu_language_level_code,
        cast(seu_recommendation as varchar) as seu_recommendation,
        cast(school_entry_year as integer) as school_entry_year,
        cast(school_entry_kind as varchar) as school_entry_kind,
        cast(school_entry_state as varchar) as school_entry_state,
        cast(entry_school_id as varchar) as entry_school_id,
        cast(entry_statistical_district as varchar) as entry_statistical_district,
        cast(entry_city_district as varchar) as entry_city_district,
        cast(entry_sozialraum as varchar) as entry_sozialraum,
        cast(entry_catchment_area as varchar) as entry_catchment_area,
        cast(grade5_school_year as integer) as grade5_school_year,
        cast(grade5_state as varchar) as grade5_state,
        cast(grade5_recommendation as varchar) as grade5_recommendation,
        cast(repetitions as integer) as repetitions,
        cast(has_special_needs as boolean) as has_special_needs,
        cast(first_special_needs_focus as varchar) as first_special_needs_focus,
        cast(first_special_needs_school_year as integer) as first_special_needs_school_year,
        cast(special_needs_taught_in as varchar) as special_needs_taught_in,
        cast(school_type_changes_up as integer) as school_type_changes_up,
        cast(school_type_changes_down as integer) as school_type_changes_down,
        cast(school_type_changes_lateral as integer) as school_type_changes_lateral,
        cast(first_certificate_key as varchar) as first_certificate_key,
        cast(first_certificate_school_year as integer) as first_certificate_school_year,
        cast(first_step_state as varchar) as first_step_state,
        cast(first_step_school_year as integer) as first_step_school_year,
        cast(first_school_year as integer) as first_school_year,
        cast(last_observed_school_year as integer) as last_observed_school_year,
        cast(last_school_year_in_view as integer) as last_school_year_in_view,
        cast(observation_end_reason as varchar) as observation_end_reason,
        cast(observation_end_date as date) as observation_end_date
    from joined

)

select * from final
