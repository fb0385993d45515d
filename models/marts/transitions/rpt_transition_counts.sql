{#- One row per transition, method, outcome dimension, school year, age group, subgroup,
    area and outcome: the persons counted in that cell. A NULL outcome counts the population
    members without the event, so the persons of a cell's outcomes add up to its population.
    Step 2 of rpt_transition_rates: every observation attributed to its subgroups and areas
    (fct_transition_observations) and counted. -#}
{%- set subgroups = ['sex', 'family_language', 'migration_background', 'benefit_receipt'] -%}
{%- set small_areas = ['city_district', 'statistical_district', 'sozialraum', 'catchment_area'] -%}
{%- set base = grain('transition_group') + ['outcome'] -%}
{#- the breakdowns: all persons in the city; each subgroup in the city and by city district;
    all persons by each small area (city district included) -#}
{%- set breakdowns = [[]] -%}
{%- for subgroup in subgroups -%}{%- set _ = breakdowns.append([subgroup]) -%}{%- endfor -%}
{%- for subgroup in subgroups -%}
    {%- set _ = breakdowns.append(['city_district', subgroup]) -%}
{%- endfor -%}
{%- for area in small_areas -%}{%- set _ = breakdowns.append([area]) -%}{%- endfor -%}

with

observations as (

    select
        {{ grain_columns('transition_group') }},
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


breakdown_values as (

    -- a subgroup without a value is counted as `unknown`, never left out
    select
        {{ grain_columns('transition_group') }},
        outcome,
        ckm_record_key,
        city_district,
        statistical_district,
        sozialraum,
        catchment_area,
        coalesce(sex, 'unknown') as sex,
        coalesce(family_language, 'unknown') as family_language,
        coalesce(migration_background, 'unknown') as migration_background,
        coalesce(benefit_receipt, 'unknown') as benefit_receipt
    from attributed

),

counted as (

    -- Subgroup breakdowns at city and city district level; the small areas (statistical
    -- district, Sozialraum, catchment) for all persons only: their subgroup cells would be
    -- too small to publish and the table would grow twenty-five-fold. One grouping set per
    -- breakdown: DuckDB counts them all in one pass over the observations (copying every
    -- observation into each of its 13 breakdowns first took half as long again).
    select
        {{ grain_columns('transition_group') }},
        {{ grouped_column(subgroups, "'all'", names=true) }} as subgroup,
        {{ grouped_column(subgroups, "'all'") }} as subgroup_value,
        {{ grouped_column(small_areas, "'city'", names=true) }} as area_level,
        {{ grouped_column(small_areas, "'city'") }} as area_id,
        outcome,
        count(*) as persons,
        sum(ckm_record_key) as record_key_sum
    from breakdown_values
    group by {{ grouping_sets(base, breakdowns) }}  -- noqa: PRS

),

cells as (

    -- persons without an area of a level are in no cell of that level
    select
        {{ grain_columns('transition_cell') }},
        outcome,
        persons,
        record_key_sum
    from counted
    where area_id is not null

)

select * from cells
