{#- One row per person: the trajectory fields of issue 4, from the person-year panel, the
    transitions and the intermediate spells. -#}
{%- set first_step_window = var('bp:states:first_step_window_years', 2) -%}

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

person_years as (

    select
        person_key,
        school_year,
        state,
        residence_status,
        is_resident,
        statistical_district,
        city_district,
        sozialraum,
        catchment_area,
        school_id,
        school_form,
        grade,
        contracted_hours,
        has_benefit_receipt,
        age_residence_date
    from {{ ref('fct_person_years') }}

),

transitions as (

    select
        person_key,
        transition,
        school_year,
        from_state,
        to_state,
        entry_kind,
        direction,
        certificate_key,
        transition_recommendation
    from {{ ref('fct_transitions') }}

),

kita_spells as (

    select
        person_key,
        care_type,
        entry_date,
        contracted_hours
    from {{ ref('int_kita_spells') }}

),

school_enrolments as (

    select
        person_key,
        school_year,
        school_form,
        grade,
        special_needs_focus
    from {{ ref('int_school_enrolments') }}

),

school_leavers as (

    select
        person_key,
        school_year,
        certificate_key,
        certificate_level,
        certificate_level_rank
    from {{ ref('int_school_leavers') }}
    where certificate_key is not null

),

residence_spells as (

    select
        person_key,
        spell_start,
        spell_end,
        exit_kind
    from {{ ref('int_residence_spells') }}

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
    from {{ ref('int_school_entry_examinations') }}

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

joined as (

    select
        persons.person_key,
        persons.birth_month,
        persons.birth_cohort,
        persons.sex,
        persons.has_nongerman_family_language,
        persons.migration_background,
        persons.nationality,
        coalesce(benefit.benefit_years, 0) as benefit_years,
        coalesce(benefit.resident_years, 0) as resident_years,
        coalesce(benefit.benefit_years, 0) > 0 as has_benefit_receipt_ever,
        benefit.first_benefit_year,
        entry_year_facts.has_benefit_receipt_at_school_entry,
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
        grade5.grade5_school_year,
        grade5.grade5_state,
        grade5.grade5_recommendation,
        coalesce(repetitions.repetitions, 0) as repetitions,
        special_needs.person_key is not null as has_special_needs,
        special_needs.first_special_needs_focus,
        special_needs.first_special_needs_school_year,
        case
            when special_needs.is_taught_in_special_school
                and special_needs.is_taught_in_general_school
                then 'both'
            when special_needs.is_taught_in_special_school then 'special_school'
            when special_needs.is_taught_in_general_school then 'general_school'
        end as special_needs_taught_in,
        coalesce(type_changes.school_type_changes_up, 0) as school_type_changes_up,
        coalesce(type_changes.school_type_changes_down, 0) as school_type_changes_down,
        coalesce(type_changes.school_type_changes_lateral, 0) as school_type_changes_lateral,
        first_certificate.first_certificate_key,
        first_certificate.first_certificate_school_year,
        first_step.first_step_state,
        first_step.first_step_school_year,
        observation.first_school_year,
        observation.last_observed_school_year,
        observation.last_school_year_in_view,
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
    left join entry_year_facts on persons.person_key = entry_year_facts.person_key
    left join first_care on persons.person_key = first_care.person_key
    left join care_before_school on persons.person_key = care_before_school.person_key
    left join last_examination on persons.person_key = last_examination.person_key
    left join school_entry on persons.person_key = school_entry.person_key
    left join grade5 on persons.person_key = grade5.person_key
    left join repetitions on persons.person_key = repetitions.person_key
    left join special_needs on persons.person_key = special_needs.person_key
    left join type_changes on persons.person_key = type_changes.person_key
    left join first_certificate on persons.person_key = first_certificate.person_key
    left join first_step on persons.person_key = first_step.person_key
    left join last_residence on persons.person_key = last_residence.person_key
    left join observation on persons.person_key = observation.person_key

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
