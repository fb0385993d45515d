{#- One row per school year, transition, outcome, subgroup, area, method and age group:
    exact counts and rates (no disclosure control yet). Definitions of every population:
    docs/states_and_rates.md. -#}
{%- set detailed_age_levels = ['city', 'city_district'] -%}
{%- set subgroups = ['sex', 'family_language', 'migration_background', 'benefit_receipt'] -%}
{%- set small_areas = ['city_district', 'statistical_district', 'sozialraum', 'catchment_area'] -%}

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
        grade,
        sex,
        has_nongerman_family_language,
        migration_background,
        has_benefit_receipt,
        city_district,
        statistical_district,
        sozialraum,
        catchment_area
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
    from {{ ref('int_school_leavers') }}
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
        'kita_to_school' as transition,
        'cohort' as method,  -- noqa: RF04
        dimension.outcome_dimension,
        transitions.school_year,
        'all' as age_group,
        transitions.person_key,
        transitions.school_year as attribute_year,
        case dimension.outcome_dimension
            when 'entry_kind' then coalesce(transitions.entry_kind, 'unknown')
            when 'from_state' then transitions.from_state
            else transitions.to_state
        end as outcome
    from transitions
    inner join person_years
        on
            transitions.person_key = person_years.person_key
            and transitions.school_year = person_years.school_year
    cross join entry_dimensions as dimension
    where transitions.transition = 'kita_to_school' and person_years.is_resident_school_date

    union all

    -- cohort: pupils in their last grade 4 in t, resident on 15 Oct t and 15 Oct t+1
    select
        'grade4_to_grade5' as transition,
        'cohort' as method,  -- noqa: RF04
        'to_state' as outcome_dimension,
        transitions.school_year,
        'all' as age_group,
        transitions.person_key,
        transitions.school_year - 1 as attribute_year,
        transitions.to_state as outcome
    from transitions
    inner join person_years as origin
        on
            transitions.person_key = origin.person_key
            and transitions.school_year - 1 = origin.school_year
    inner join person_years as destination
        on
            transitions.person_key = destination.person_key
            and transitions.school_year = destination.school_year
    where
        transitions.transition = 'grade4_to_grade5'
        and origin.is_resident_school_date
        and destination.is_resident_school_date

    union all

    -- cross-sectional (school location): every pupil new in grade 5 of a city school in t
    select
        'grade4_to_grade5' as transition,
        'cross_sectional' as method,  -- noqa: RF04
        'to_state' as outcome_dimension,
        current_year.school_year,
        'all' as age_group,
        current_year.person_key,
        current_year.school_year as attribute_year,
        current_year.state as outcome
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
        'school_type_change' as transition,
        'cohort' as method,  -- noqa: RF04
        'direction' as outcome_dimension,
        current_year.school_year,
        'all' as age_group,
        current_year.person_key,
        current_year.school_year - 1 as attribute_year,
        coalesce(transitions.direction, 'none') as outcome
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
        'general_school_leaving' as transition,
        'cohort' as method,  -- noqa: RF04
        'certificate_group' as outcome_dimension,
        leavers.school_year,
        'all' as age_group,
        leavers.person_key,
        leavers.school_year as attribute_year,
        leavers.certificate_group as outcome
    from leavers

    union all

    -- cross-sectional (Quotensummenverfahren): resident leavers of age a / residents of age a
    select
        'general_school_leaving' as transition,
        'cross_sectional' as method,  -- noqa: RF04
        'certificate_group' as outcome_dimension,
        person_years.school_year,
        cast(person_years.age_residence_date as varchar) as age_group,
        person_years.person_key,
        person_years.school_year as attribute_year,
        leavers.certificate_group as outcome
    from person_years
    left join leavers
        on
            person_years.person_key = leavers.person_key
            and person_years.school_year = leavers.school_year
    where
        person_years.is_resident
        and person_years.age_residence_date between 13 and 22
        and person_years.school_year < (
            select max(py.school_year) as last_school_year from person_years as py
        )

    union all

    -- cohort: final leavers of y resident on 15 Oct y+1, by state in y+1
    select
        'general_school_to_next' as transition,
        'cohort' as method,  -- noqa: RF04
        'to_state' as outcome_dimension,
        transitions.school_year,
        'all' as age_group,
        transitions.person_key,
        transitions.school_year - 1 as attribute_year,
        transitions.to_state as outcome
    from transitions
    inner join person_years
        on
            transitions.person_key = person_years.person_key
            and transitions.school_year = person_years.school_year
    where
        transitions.transition = 'general_school_to_next'
        and person_years.is_resident_school_date

    union all

    -- cross-sectional (Quotensummenverfahren): resident entrants of age a / residents of age a
    select
        'kita_to_school' as transition,
        'cross_sectional' as method,  -- noqa: RF04
        'entry_kind' as outcome_dimension,
        person_years.school_year,
        cast(person_years.age_school_date as varchar) as age_group,
        person_years.person_key,
        person_years.school_year as attribute_year,
        case
            when transitions.person_key is not null
                then coalesce(transitions.entry_kind, 'unknown')
        end as outcome
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
        'care_participation' as transition,
        'cross_sectional' as method,  -- noqa: RF04
        'care_type' as outcome_dimension,
        person_years.school_year,
        cast(person_years.age_care_date as varchar) as age_group,
        person_years.person_key,
        person_years.school_year as attribute_year,
        case when person_years.state in ('kita', 'tagespflege') then person_years.state end
            as outcome
    from person_years
    inner join state_alphabet
        on person_years.state = state_alphabet.state
    where
        person_years.is_resident_care_date
        and person_years.age_care_date between 0 and 6
        and state_alphabet.stage = 'early_childhood'

),


attributed as (

    -- Subgroup and area of every observation, from its attribute year.

    select
        observations.*,
        -- published sex: diverse and not stated go to male or female (macro published_sex)
        {{ published_sex('person_years.sex', 'observations.person_key') }} as sex,
        person_years.city_district,
        person_years.statistical_district,
        person_years.sozialraum,
        person_years.catchment_area,
        case person_years.has_nongerman_family_language
            when true then 'non_german'
            when false then 'german'
            else 'unknown'
        end as family_language,
        coalesce(cast(person_years.migration_background as varchar), 'unknown')
            as migration_background,
        case when person_years.has_benefit_receipt then 'yes' else 'no' end as benefit_receipt
    from observations
    left join person_years
        on
            observations.person_key = person_years.person_key
            and observations.attribute_year = person_years.school_year

),


expanded as (

    -- Subgroup breakdowns at city and city district level; the small areas (statistical
    -- district, Sozialraum, catchment) for all persons only: their subgroup cells would be
    -- too small to publish and the table would grow twenty-five-fold.

    select
        attributed.transition,
        attributed.method,
        attributed.outcome_dimension,
        attributed.school_year,
        attributed.age_group,
        attributed.outcome,
        breakdowns.subgroup,
        breakdowns.subgroup_value,
        breakdowns.area_level,
        breakdowns.area_id
    from attributed
    cross join
        lateral (  -- noqa: ST05
            select unnest([
                {
                    'subgroup': 'all',
                    'subgroup_value': 'all',
                    'area_level': 'city',
                    'area_id': 'city'
                },
                {%- for level in ['city', 'city_district'] %}
                    {%- set area = "'city'" if level == 'city' else 'attributed.' ~ level %}
                    {%- for subgroup in subgroups %}
                        {
                            'subgroup': '{{ subgroup }}',
                            'subgroup_value': coalesce(attributed.{{ subgroup }}, 'unknown'),
                            'area_level': '{{ level }}',
                            'area_id': {{ area }}
                        },
                    {%- endfor %}
                {%- endfor %}
                {%- for level in small_areas %}
                    {
                        'subgroup': 'all',
                        'subgroup_value': 'all',
                        'area_level': '{{ level }}',
                        'area_id': attributed.{{ level }}
                    }{{ "," if not loop.last }}
                {%- endfor %}
            ], recursive := true)
        ) as breakdowns
    where breakdowns.area_id is not null

),

counted as (

    select
        transition,
        method,
        outcome_dimension,
        school_year,
        age_group,
        subgroup,
        subgroup_value,
        area_level,
        area_id,
        outcome,
        count(*) as persons
    from expanded
    group by all

),

denominators as (

    select
        transition,
        method,
        outcome_dimension,
        school_year,
        age_group,
        subgroup,
        subgroup_value,
        area_level,
        area_id,
        sum(persons) as denominator
    from counted
    group by all

),

numerators as (

    select *
    from counted
    where outcome is not null

),

outcomes as (

    select distinct
        transition,
        method,
        outcome_dimension,
        outcome
    from observations
    where outcome is not null

),

age_specific as (

    select
        denominators.school_year,
        denominators.transition,
        denominators.outcome_dimension,
        outcomes.outcome,
        denominators.subgroup,
        denominators.subgroup_value,
        denominators.area_level,
        denominators.area_id,
        denominators.method,
        denominators.age_group,
        coalesce(numerators.persons, 0) as numerator,
        denominators.denominator,
        {{ safe_rate('coalesce(numerators.persons, 0)', 'denominators.denominator') }} as rate
    from denominators
    inner join outcomes
        on
            denominators.transition = outcomes.transition
            and denominators.method = outcomes.method
            and denominators.outcome_dimension = outcomes.outcome_dimension
    left join numerators
        on
            denominators.transition = numerators.transition
            and denominators.method = numerators.method
            and denominators.outcome_dimension = numerators.outcome_dimension
            and denominators.school_year = numerators.school_year
            and denominators.age_group = numerators.age_group
            and denominators.subgroup = numerators.subgroup
            and denominators.subgroup_value = numerators.subgroup_value
            and denominators.area_level = numerators.area_level
            and denominators.area_id = numerators.area_id
            and outcomes.outcome = numerators.outcome

),


quota_sums as (

    -- Quotensummenverfahren: the sum over age years of the age-specific rates. Numerator and
    -- denominator are the sums of events and of residents over those ages, published beside
    -- the rate; the rate is not their quotient. The rates are added in age order: a float sum
    -- in the order rows happen to arrive differs in its last bits from build to build.

    select
        school_year,
        transition,
        outcome_dimension,
        outcome,
        subgroup,
        subgroup_value,
        area_level,
        area_id,
        method,
        'quota_sum' as age_group,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        sum(rate order by age_group) as rate
    from age_specific
    where
        method = 'cross_sectional'
        and transition in ('kita_to_school', 'general_school_leaving')
    group by all

),


care_age_groups as (

    -- Day care participation for the age groups of the Kita monitoring.

    select
        school_year,
        transition,
        outcome_dimension,
        outcome,
        subgroup,
        subgroup_value,
        area_level,
        area_id,
        method,
        case when cast(age_group as integer) < 3 then 'under_3' else '3_to_school' end
            as age_group,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        {{ safe_rate('sum(numerator)', 'sum(denominator)') }} as rate
    from age_specific
    where transition = 'care_participation'
    group by all

),

unioned as (

    select * from age_specific
    where age_group = 'all' or area_level in ({{ "'" ~ detailed_age_levels | join("', '") ~ "'" }})
    union all
    select * from quota_sums
    union all
    select * from care_age_groups

),

final as (

    select
        cast(school_year as integer) as school_year,
        transition,
        outcome_dimension,
        outcome,
        subgroup,
        subgroup_value,
        area_level,
        area_id,
        method,
        age_group,
        cast(numerator as bigint) as numerator,
        cast(denominator as bigint) as denominator,
        cast(rate as double) as rate,
        case
            when age_group = 'quota_sum'
                then 'sum over age years of the age-specific rates (Quotensummenverfahren)'
            else 'numerator / denominator'
        end as rate_definition
    from unioned

)

select * from final
