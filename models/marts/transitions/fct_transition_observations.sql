{#- One row per population member of a transition table: per transition, method, outcome
    dimension, school year and person, with the age group, the outcome (NULL: in the
    population without the event) and the attribute year whose residence and benefit receipt
    give the area and subgroup (rpt_transition_counts). Populations: docs/states_and_rates.md.
    Step 1 of rpt_transition_rates. -#}

with

person_years as (

    select
        person_key,
        school_year,
        state,
        is_resident,
        is_resident_school_date,
        is_resident_care_date,
        age_school_date,
        age_care_date,
        age_residence_date,
        grade
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
        direction
    from {{ ref('fct_transitions') }}

),

school_leavers as (

    select
        person_key,
        school_year,
        certificate_key
    from {{ ref('int_school_leavers_classified') }}
    where certificate_key is not null

),

certificate_groups as (

    select
        certificate_code,
        certificate_group,
        sort_order
    from {{ ref('xwalk_certificate_report_group') }}

),

state_alphabet as (

    select
        state,
        stage
    from {{ ref('state_alphabet') }}

),

leavers as (

    -- Leavers: one row per person and school year of leaving, the highest certificate group.

    select
        school_leavers.person_key,
        school_leavers.school_year,
        arg_max(
            coalesce(certificate_groups.certificate_group, 'sonstige'),
            coalesce(certificate_groups.sort_order, 0)
        ) as certificate_group
    from school_leavers
    left join certificate_groups
        on school_leavers.certificate_key = certificate_groups.certificate_code
    group by school_leavers.person_key, school_leavers.school_year

),

entry_dimensions as (

    select unnest(['entry_kind', 'from_state', 'to_state']) as outcome_dimension

),

secondary_years as (

    select
        person_years.person_key,
        person_years.school_year,
        person_years.is_resident_school_date
    from person_years
    inner join state_alphabet
        on person_years.state = state_alphabet.state
    where
        state_alphabet.stage in ('lower_secondary', 'special_needs')
        and person_years.grade >= 5

),


observations as (

    -- Every population member once per transition, method, outcome dimension, school year and
    -- age group, with its outcome (NULL: in the population without the event) and the school
    -- year whose residence and benefit receipt give its area and subgroup.

    -- cohort: school entrants resident on 15 Oct of the entry year
    select
        {{ transition_observation(
            'kita_to_school', 'cohort', population='transitions',
            outcome="case dimension.outcome_dimension
                when 'entry_kind' then coalesce(transitions.entry_kind, 'unknown')
                when 'from_state' then transitions.from_state
                else transitions.to_state
            end",
            outcome_dimension="dimension.outcome_dimension"
        ) }}
    from transitions
    inner join person_years
        on {{ join_on('transitions', 'person_years', 'person_year') }}
    cross join entry_dimensions as dimension
    where transitions.transition = 'kita_to_school' and person_years.is_resident_school_date

    union all

    -- cohort: pupils in their last grade 4 in t, resident on 15 Oct t and 15 Oct t+1
    select
        {{ transition_observation(
            'grade4_to_grade5', 'cohort', population='transitions',
            outcome="transitions.to_state",
            outcome_dimension="'to_state'",
            attribute_year_offset=1
        ) }}
    from transitions
    inner join person_years as origin
        on
            transitions.person_key = origin.person_key
            and transitions.school_year - 1 = origin.school_year
    inner join person_years as destination
        on {{ join_on('transitions', 'destination', 'person_year') }}
    where
        transitions.transition = 'grade4_to_grade5'
        and origin.is_resident_school_date
        and destination.is_resident_school_date

    union all

    -- cross-sectional (school location): every pupil new in grade 5 of a city school in t
    select
        {{ transition_observation(
            'grade4_to_grade5', 'cross_sectional', population='current_year',
            outcome="current_year.state",
            outcome_dimension="'to_state'"
        ) }}
    from person_years as current_year
    left join person_years as previous_year
        on
            current_year.person_key = previous_year.person_key
            and current_year.school_year - 1 = previous_year.school_year
    inner join state_alphabet
        on current_year.state = state_alphabet.state
    where
        current_year.grade = 5
        and state_alphabet.stage in ('lower_secondary', 'special_needs', 'all_through')
        and coalesce(previous_year.grade, 0) <> 5
        -- from a Grundschule or from outside: not Förderschule or Waldorf pupils moving up
        and coalesce(previous_year.state, 'unknown') not in ('special_school', 'waldorf')
        and current_year.school_year > (
            select min(py.school_year) as first_school_year from person_years as py
        )

    union all

    -- cohort: pupils in lower secondary (grade 5+) in t-1 and t, resident both 15 Oct
    select
        {{ transition_observation(
            'school_type_change', 'cohort', population='current_year',
            outcome="coalesce(transitions.direction, 'none')",
            outcome_dimension="'direction'",
            attribute_year_offset=1
        ) }}
    from secondary_years as current_year
    inner join secondary_years as previous_year
        on
            current_year.person_key = previous_year.person_key
            and current_year.school_year - 1 = previous_year.school_year
    left join transitions
        on
            current_year.person_key = transitions.person_key
            and current_year.school_year = transitions.school_year
            and transitions.transition = 'school_type_change'
    where current_year.is_resident_school_date and previous_year.is_resident_school_date

    union all

    -- cohort (school location): leavers of general schools in school year y
    select
        {{ transition_observation(
            'general_school_leaving', 'cohort', population='leavers',
            outcome="leavers.certificate_group",
            outcome_dimension="'certificate_group'"
        ) }}
    from leavers

    union all

    -- cross-sectional (Quotensummenverfahren): resident leavers of age a / residents of age a
    select
        {{ transition_observation(
            'general_school_leaving', 'cross_sectional', population='person_years',
            outcome="leavers.certificate_group",
            outcome_dimension="'certificate_group'",
            age_group="cast(person_years.age_residence_date as varchar)"
        ) }}
    from person_years
    left join leavers
        on {{ join_on('person_years', 'leavers', 'person_year') }}
    where
        person_years.is_resident
        and person_years.age_residence_date between 13 and 22
        and person_years.school_year < (
            select max(py.school_year) as last_school_year from person_years as py
        )

    union all

    -- cohort: final leavers of y resident on 15 Oct y+1, by state in y+1
    select
        {{ transition_observation(
            'general_school_to_next', 'cohort', population='transitions',
            outcome="transitions.to_state",
            outcome_dimension="'to_state'",
            attribute_year_offset=1
        ) }}
    from transitions
    inner join person_years
        on {{ join_on('transitions', 'person_years', 'person_year') }}
    where
        transitions.transition = 'general_school_to_next'
        and person_years.is_resident_school_date

    union all

    -- cross-sectional (Quotensummenverfahren): resident entrants of age a / residents of age a
    select
        {{ transition_observation(
            'kita_to_school', 'cross_sectional', population='person_years',
            outcome="case
                when transitions.person_key is not null
                    then coalesce(transitions.entry_kind, 'unknown')
            end",
            outcome_dimension="'entry_kind'",
            age_group="cast(person_years.age_school_date as varchar)"
        ) }}
    from person_years
    left join transitions
        on
            person_years.person_key = transitions.person_key
            and person_years.school_year = transitions.school_year
            and transitions.transition = 'kita_to_school'
    where
        person_years.is_resident_school_date
        and person_years.age_school_date between 4 and 8

    union all

    -- cross-sectional: day care participation on 1 Mar y+1 by age, children not at school
    select
        {{ transition_observation(
            'care_participation', 'cross_sectional', population='person_years',
            outcome="case
                when person_years.state in ('kita', 'tagespflege') then person_years.state
            end",
            outcome_dimension="'care_type'",
            age_group="cast(person_years.age_care_date as varchar)"
        ) }}
    from person_years
    inner join state_alphabet
        on person_years.state = state_alphabet.state
    where
        person_years.is_resident_care_date
        and person_years.age_care_date between 0 and 6
        and state_alphabet.stage = 'early_childhood'

)

select * from observations
