with

spells as (

    select
        person_key,
        residence_spell_key,
        spell_start,
        spell_end,
        block_id
    from {{ ref('int_residence_spells_built') }}

),

register_years as (

    select
        min(year(reference_date)) as first_year,
        max(year(reference_date)) as last_year
    from {{ ref('stg_bevoelkerung__residents') }}

),

blocks as (

    select
        block_id,
        statistical_district_id,
        city_district_id,
        social_area_id,
        primary_catchment_id,
        valid_from,
        coalesce(valid_to, {{ open_end() }}) as valid_to
    from {{ ref('stg_raumbezug__blocks') }}
    where not is_exact_duplicate

),

years as (

    select
        spells.person_key,
        spells.residence_spell_key,
        spells.block_id,
        spells.spell_start,
        spells.spell_end,
        cast(unnest(range(
            greatest(year(spells.spell_start), register_years.first_year),
            least(year(spells.spell_end), register_years.last_year) + 1
        )) as integer) as year
    from spells
    cross join register_years

),

resident as (

    select
        person_key,
        year,
        {{ end_of_year('year') }} as reference_date,
        residence_spell_key,
        block_id
    from years
    where {{ end_of_year('year') }} between spell_start and spell_end

),

final as (

    select
        resident.person_key,
        resident.year,
        resident.reference_date,
        resident.residence_spell_key,
        resident.block_id,
        blocks.statistical_district_id as statistical_district,
        blocks.city_district_id as city_district,
        blocks.social_area_id as sozialraum,
        blocks.primary_catchment_id as catchment_area,
        resident.person_key || ':' || cast(resident.year as varchar) as person_year_key
    from resident
    left join blocks
        on
            resident.block_id = blocks.block_id
            and resident.reference_date between blocks.valid_from and blocks.valid_to

)

select * from final
