{#- One row per person and school year in view. State precedence and reference dates:
    docs/states_and_rates.md and the docs block person_year_state_precedence. -#}
{%- set g8_first = var('bp:states:g8_first_grade5_year', 2005) -%}
{%- set g8_last = var('bp:states:g8_last_grade5_year', 2018) -%}
{%- set university_years = var('bp:states:university_inferred_years', 4) -%}
{%- set university_levels = var('bp:states:university_entrance_levels', ['hzb', 'fhr']) -%}
{%- set max_age = var('bp:states:max_age', 26) -%}

with

persons as (

    select
        person_key,
        birth_month,
        cast(birth_cohort as integer) as birth_cohort,
        sex,
        has_nongerman_family_language,
        migration_background,
        nationality
    from {{ ref('int_person_attributes_resolved') }}

),


residence_spells as (

    -- Left-censored spells: a spell beginning in the first register year without a birth
    -- or move-in event began before the data; it is taken to cover that year's earlier
    -- reference dates (15 Oct), as the register stock on 31 Dec implies.

    select
        person_key,
        spell_end,
        exit_kind,
        case
            when
                entry_kind not in ('birth', 'moved_in')
                and year(spell_start) = min(year(spell_start)) over ()
                then date '1900-01-01'
            else spell_start
        end as spell_start
    from {{ ref('int_residence_spells_built') }}

),

residence_years as (

    select
        person_key,
        year as school_year,
        block_id,
        statistical_district,
        city_district,
        sozialraum,
        catchment_area
    from {{ ref('int_residence_person_years_assigned') }}

),

school_enrolments as (

    select
        person_key,
        school_year,
        school_id,
        school_form,
        grade,
        special_needs_focus
    from {{ ref('int_school_enrolments_deduplicated') }}

),

vocational_enrolments as (

    select
        person_key,
        school_year,
        programme,
        iabe_sector
    from {{ ref('int_vocational_enrolments_deduplicated') }}

),

kita_spells as (

    select
        person_key,
        kita_id,
        care_type,
        entry_date,
        exit_date,
        contracted_hours
    from {{ ref('int_kita_spells_built') }}

),

school_leavers as (

    select
        person_key,
        school_year,
        certificate_level
    from {{ ref('int_school_leavers_classified') }}

),

benefit_years as (

    select
        person_key,
        year,
        benefit_months
    from {{ ref('int_benefit_years_deduplicated') }}

),

programme_states as (

    select
        source_system,
        source_code,
        state,
        upper_secondary_from_grade,
        upper_secondary_from_grade_g8,
        priority
    from {{ ref('xwalk_programme_state') }}
    where valid_to is null

),


coverage as (

    -- Data coverage: school years for which a dataset was delivered. A state that would come
    -- from a dataset missing that year is unknown, never home care or not in education.

    select
        school_year,
        case dataset
            when 'bevoelkerung' then 'residence'
            when 'schueler' then 'school'
            when 'berufskolleg' then 'vocational'
            when 'kita' then 'care'
        end as data_source
    from {{ ref('int_delivery_years_covered') }}
    where dataset in ('bevoelkerung', 'schueler', 'berufskolleg', 'kita')

),

residence_data_years as (

    select
        min(school_year) as first_school_year,
        max(school_year) as last_school_year
    from coverage
    where data_source = 'residence'

),

years as (

    select
        coverage.school_year,
        bool_or(coverage.data_source = 'school') as has_school_data,
        bool_or(coverage.data_source = 'vocational') as has_vocational_data,
        bool_or(coverage.data_source = 'care') as has_care_data
    from coverage
    inner join residence_data_years
        on
            coverage.school_year
            between residence_data_years.first_school_year
            and residence_data_years.last_school_year
    group by coverage.school_year

),

grade5_years as (

    select
        person_key,
        min(school_year) as grade5_school_year
    from school_enrolments
    where grade = 5
    group by person_key

),


observed_years as (

    -- Years a person is observed in any delivery with a state meaning (or as a leaver).

    select
        person_key,
        school_year
    from school_enrolments
    union
    select
        person_key,
        school_year
    from vocational_enrolments
    union
    select
        person_key,
        school_year
    from school_leavers
    union
    select
        kita_spells.person_key,
        years.school_year
    from kita_spells
    inner join years
        on kita_spells.entry_date <= {{ reference_date('care', 'years.school_year') }}
            and coalesce(kita_spells.exit_date, {{ open_end() }})
            >= {{ reference_date('care', 'years.school_year') }}

),

first_residence as (

    select
        person_key,
        {{ school_year_of('min(spell_start)') }} as first_school_year
    from residence_spells
    group by person_key

),


candidate_years as (

    -- In view: from the first year a person is resident, every later year (censored years
    -- included, so that a cohort's attrition is visible), plus every year the person is
    -- observed in a delivery; always born by 31 Dec y and under 27 then.

    select
        first_residence.person_key,
        years.school_year
    from first_residence
    inner join years
        on first_residence.first_school_year <= years.school_year
    union
    select
        observed_years.person_key,
        observed_years.school_year
    from observed_years
    inner join years
        on observed_years.school_year = years.school_year

),

in_view as (

    select
        candidate_years.person_key,
        candidate_years.school_year,
        persons.birth_month,
        persons.birth_cohort,
        persons.sex,
        persons.has_nongerman_family_language,
        persons.migration_background,
        persons.nationality
    from candidate_years
    inner join persons
        on candidate_years.person_key = persons.person_key
    where
        persons.birth_month <= {{ reference_date('residence', 'candidate_years.school_year') }}
        and {{ age_at('persons.birth_month',
            reference_date('residence', 'candidate_years.school_year')) }} <= {{ max_age }}

),

residence_at_dates as (

    select
        in_view.person_key,
        in_view.school_year,
        bool_or(
            {{ reference_date('school', 'in_view.school_year') }}
            between residence_spells.spell_start
            and coalesce(residence_spells.spell_end, {{ open_end() }})
        ) as is_resident_school_date,
        bool_or(
            {{ reference_date('care', 'in_view.school_year') }}
            between residence_spells.spell_start
            and coalesce(residence_spells.spell_end, {{ open_end() }})
        ) as is_resident_care_date,
        bool_or(
            residence_spells.spell_start <= {{ reference_date('residence', 'in_view.school_year') }}
        ) as was_ever_resident,
        min(residence_spells.spell_end) filter (
            where residence_spells.exit_kind = 'died'
        ) + 1 as death_date
    from in_view
    inner join residence_spells
        on in_view.person_key = residence_spells.person_key
    group by in_view.person_key, in_view.school_year

),

school_states as (

    select
        school_enrolments.person_key,
        school_enrolments.school_year,
        school_enrolments.school_id,
        school_enrolments.school_form,
        school_enrolments.grade,
        school_enrolments.special_needs_focus,
        case
            when
                school_enrolments.grade >= case
                    when
                        grade5_years.grade5_school_year between {{ g8_first }} and {{ g8_last }}
                        or (
                            grade5_years.grade5_school_year is null
                            and school_enrolments.school_year - school_enrolments.grade + 5
                            between {{ g8_first }} and {{ g8_last }}
                        )
                        then programme_states.upper_secondary_from_grade_g8
                    else programme_states.upper_secondary_from_grade
                end
                then 'upper_secondary'
            else programme_states.state
        end as school_state
    from school_enrolments
    left join programme_states
        on
            programme_states.source_system = 'school_form'
            and school_enrolments.school_form = programme_states.source_code
    left join grade5_years
        on school_enrolments.person_key = grade5_years.person_key

),

vocational_chosen as (

    -- the programme first in priority (unknown priority last), then the lowest code: one
    -- aggregation with the order as a struct (NULL fields sort last, as in an order by)
    select
        {{ grain_columns('person_year', 'vocational_enrolments') }},
        arg_min(
            {
                'programme': vocational_enrolments.programme,
                'vocational_state': programme_states.state
            },
            {
                'priority': programme_states.priority,
                'programme': vocational_enrolments.programme
            }
        ) as chosen
    from vocational_enrolments
    left join programme_states
        on
            programme_states.source_system = 'bildungsgang'
            and vocational_enrolments.programme = programme_states.source_code
    group by {{ grain_columns('person_year', 'vocational_enrolments') }}

),

care_chosen as (

    -- the care type first in priority, then the latest entry, then the lowest Kita number
    select
        in_view.person_key,
        in_view.school_year,
        arg_min(
            {
                'kita_id': kita_spells.kita_id,
                'contracted_hours': kita_spells.contracted_hours,
                'care_state': programme_states.state
            },
            {
                'priority': programme_states.priority,
                'latest_entry': -epoch(kita_spells.entry_date),
                'kita_id': kita_spells.kita_id
            }
        ) as chosen
    from in_view
    inner join kita_spells
        on
            in_view.person_key = kita_spells.person_key
            and kita_spells.entry_date <= {{ reference_date('care', 'in_view.school_year') }}
            and coalesce(kita_spells.exit_date, {{ open_end() }})
            >= {{ reference_date('care', 'in_view.school_year') }}
    left join programme_states
        on
            programme_states.source_system = 'care_type'
            and kita_spells.care_type = programme_states.source_code
    group by in_view.person_key, in_view.school_year

),

university_entrants as (

    select
        person_key,
        min(school_year) as leaving_school_year
    from school_leavers
    where certificate_level in ({{ "'" ~ university_levels | join("', '") ~ "'" }})
    group by person_key

),

joined as (

    select
        in_view.*,
        years.has_school_data,
        years.has_vocational_data,
        years.has_care_data,
        residence_years.block_id,
        residence_years.statistical_district,
        residence_years.city_district,
        residence_years.sozialraum,
        residence_years.catchment_area,
        residence_at_dates.death_date,
        school_states.school_id,
        school_states.school_form,
        school_states.grade,
        school_states.special_needs_focus,
        school_states.school_state,
        vocational_chosen.chosen['programme'] as vocational_programme,
        vocational_chosen.chosen['vocational_state'] as vocational_state,
        care_chosen.chosen['kita_id'] as kita_id,
        care_chosen.chosen['contracted_hours'] as contracted_hours,
        care_chosen.chosen['care_state'] as care_state,
        university_entrants.leaving_school_year as university_entrance_leaving_year,
        residence_years.person_key is not null as is_resident,
        coalesce(residence_at_dates.is_resident_school_date, false) as is_resident_school_date,
        coalesce(residence_at_dates.is_resident_care_date, false) as is_resident_care_date,
        coalesce(residence_at_dates.was_ever_resident, false) as was_ever_resident,
        coalesce(benefit_years.benefit_months, 0) as benefit_months,
        {{ age_at('in_view.birth_month', reference_date('school', 'in_view.school_year')) }}
            as age_school_date,
        {{ age_at('in_view.birth_month', reference_date('care', 'in_view.school_year')) }}
            as age_care_date,
        {{ age_at('in_view.birth_month', reference_date('residence', 'in_view.school_year')) }}
            as age_residence_date
    from in_view
    inner join years
        on in_view.school_year = years.school_year
    left join residence_years
        on {{ join_on('in_view', 'residence_years', 'person_year') }}
    left join residence_at_dates
        on {{ join_on('in_view', 'residence_at_dates', 'person_year') }}
    left join school_states
        on {{ join_on('in_view', 'school_states', 'person_year') }}
    left join vocational_chosen
        on {{ join_on('in_view', 'vocational_chosen', 'person_year') }}
    left join care_chosen
        on {{ join_on('in_view', 'care_chosen', 'person_year') }}
    left join university_entrants
        on in_view.person_key = university_entrants.person_key
    left join benefit_years
        on
            in_view.person_key = benefit_years.person_key
            and in_view.school_year = benefit_years.year

),

with_status as (

    select
        *,
        case
            when is_resident then 'resident'
            when death_date <= {{ reference_date('residence', 'school_year') }} then 'died'
            when was_ever_resident then 'moved_away'
            else 'not_registered'
        end as residence_status
    from joined

),


with_state as (

    -- State precedence: the first rule that applies wins.

    select
        *,
        case
            when death_date <= {{ reference_date('school', 'school_year') }} then 'died'
            when school_state is not null then school_state
            when vocational_state is not null then vocational_state
            when care_state is not null then care_state
            when residence_status = 'died' then 'died'
            when residence_status = 'moved_away' then 'moved_away'
            when residence_status = 'not_registered' then 'unknown'
            when
                school_year - university_entrance_leaving_year between 1 and {{ university_years }}
                then 'university_inferred'
            when age_school_date < 7 and not has_care_data then 'unknown'
            when age_school_date < 7 then 'home_care'
            when age_school_date < 19 and not has_school_data then 'unknown'
            when not has_vocational_data then 'unknown'
            else 'not_in_education'
        end as state
    from with_status

),

final as (

    select
        person_key,
        cast(school_year as integer) as school_year,
        state,
        residence_status,
        is_resident,
        is_resident_school_date,
        is_resident_care_date,
        block_id,
        statistical_district,
        city_district,
        sozialraum,
        catchment_area,
        birth_month,
        cast(birth_cohort as integer) as birth_cohort,
        sex,
        has_nongerman_family_language,
        migration_background,
        nationality,
        cast(age_school_date as integer) as age_school_date,
        cast(age_care_date as integer) as age_care_date,
        cast(age_residence_date as integer) as age_residence_date,
        school_id,
        school_form,
        cast(grade as integer) as grade,
        special_needs_focus,
        vocational_programme,
        kita_id,
        cast(contracted_hours as integer) as contracted_hours,
        cast(benefit_months as integer) as benefit_months,
        person_key || ':' || cast(school_year as varchar) as person_year_key,
        benefit_months > 0 as has_benefit_receipt
    from with_state

)

select * from final
