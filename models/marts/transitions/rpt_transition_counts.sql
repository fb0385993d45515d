{#- One row per transition, method, outcome dimension, school year, age group, subgroup,
    area and outcome: the persons counted in that cell. A NULL outcome counts the population
    members without the event, so the persons of a cell's outcomes add up to its population.
    Step 2 of rpt_transition_rates: every observation attributed to its subgroups and areas
    (fct_transition_observations) and counted. -#}
{%- set subgroups = ['sex', 'family_language', 'migration_background', 'benefit_receipt'] -%}
{%- set small_areas = ['city_district', 'statistical_district', 'sozialraum', 'catchment_area'] -%}

with

observations as (

    select
        transition,
        method,
        outcome_dimension,
        school_year,
        age_group,
        person_key,
        attribute_year,
        outcome
    from {{ ref('fct_transition_observations') }}

),

record_keys as (

    -- the Cell Key Method's record key of every person: summed per cell beside the count
    -- (both additive), it gives the cell key of every published transition count
    select
        person_key,
        ckm_record_key
    from {{ ref('dim_ckm_record_keys') }}

),

person_years as (

    select
        person_key,
        school_year,
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
        record_keys.ckm_record_key,
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
    left join record_keys
        on observations.person_key = record_keys.person_key

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
        attributed.ckm_record_key,
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
        {{ grain_columns('transition_cell') }},
        outcome,
        count(*) as persons,
        sum(ckm_record_key) as record_key_sum
    from expanded
    group by all

)

select * from counted
