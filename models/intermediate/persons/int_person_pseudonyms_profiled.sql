{#- One row per pseudonym (a deterministic cluster: every record carrying it) and part: the
    agency that delivered it, school and Kita records also split by odd and even year. It
    holds what the probabilistic linkage compares (docs/linkage.md): birth month, sex, the
    deliveries that list a person once (two pseudonyms in one are two persons), residence
    blocks by year (including both blocks of a move), move-in days, schools by school year
    and grade (and the next step a continuing pupil would take), Kitas, nationality,
    migration background and family language; lists sorted and ties of the most frequent value to the smallest,
    so that a rebuild gives the same rows. namen_clk stays in staging: int_person_links_scored
    reads it there and keeps only a similarity. Parts, because a wrong pseudonym is one
    agency's recording of a name, persistent or in one year: the parts of one pseudonym are
    the known matches the model learns from. -#}

with

records as (

    select
        record_key,
        dataset,
        delivery_id,
        reference_year,
        person_key as pseudonym_key,
        birth_month,
        sex,
        -- the agency that recorded the identifying data (spec.py, column stelle); the
        -- school and youth offices' records also by the parity of the year, so that known
        -- matches include pupils and Kita children seen one year apart at the same place
        case
            when dataset in ('bevoelkerung', 'bewegungen') then 'statistikstelle'
            when dataset = 'seu' then 'gesundheitsamt'
            when dataset = 'sgb2' then 'jobcenter'
            when dataset = 'kita' then 'jugendamt:' || cast(reference_year % 2 as varchar)
            else 'schulamt:' || cast(reference_year % 2 as varchar)
        end as part
    from {{ ref('int_person_records_deduplicated') }}
    where person_key is not null

),

-- Where the person lived: the register's block, the examination's and the schools' home
-- blocks, each with the year it was true in.
residence as (

    select
        record_key,
        block_id
    from {{ ref('stg_bevoelkerung__residents') }}
    union all
    -- a move: where the person lived before and after it
    select
        record_key,
        previous_block_id as block_id
    from {{ ref('stg_bewegungen__events') }}
    union all
    select
        record_key,
        new_block_id as block_id
    from {{ ref('stg_bewegungen__events') }}
    union all
    select
        record_key,
        block_id
    from {{ ref('stg_seu__examinations') }}
    union all
    select
        record_key,
        residence_block_id as block_id
    from {{ ref('stg_schueler__enrolments') }}
    union all
    select
        record_key,
        residence_block_id as block_id
    from {{ ref('stg_berufskolleg__enrolments') }}

),

schooling as (

    select
        record_key,
        school_year,
        school_id,
        grade
    from {{ ref('stg_schueler__enrolments') }}
    union all
    select
        record_key,
        school_year,
        school_id,
        grade
    from {{ ref('stg_abgaenge__leavers') }}
    union all
    select
        record_key,
        school_year,
        school_id,
        grade
    from {{ ref('stg_berufskolleg__enrolments') }}

),

-- The day the person moved in: the register's move-in date and the day of a move, birth or
-- arrival in the movement file, which is the same day for one person.
move_in as (

    select
        record_key,
        move_in_date
    from {{ ref('stg_bevoelkerung__residents') }}
    where move_in_date is not null
    union all
    select
        record_key,
        event_date as move_in_date
    from {{ ref('stg_bewegungen__events') }}
    where event_code in ('GEB', 'ZUZ', 'UMZ')

),

kita as (

    select
        record_key,
        kita_id
    from {{ ref('stg_kita__children') }}
    where kita_id is not null

),

attributes as (

    select
        record_key,
        attribute_name,
        attribute_value
    from {{ ref('int_person_attributes_collected') }}
    where
        attribute_value is not null
        and attribute_name in (
            'nationality', 'migration_background', 'has_nongerman_family_language'
        )

),

per_pseudonym as (

    select
        pseudonym_key,
        part,
        mode(birth_month order by birth_month) as birth_month,
        mode(sex order by sex) as sex,
        -- the deliveries that list a person once: the movement file lists events, and one
        -- person's two moves in a year may carry two spellings of the name
        list_sort(list(distinct delivery_id) filter (where dataset <> 'bewegungen'))
            as delivery_ids,
        list_sort(list(distinct dataset)) as datasets,
        list_sort(list(distinct dataset || ':' || cast(reference_year as varchar)))
            as dataset_years,
        min(reference_year) as first_year,
        max(reference_year) as last_year,
        count(*) as record_count
    from records
    group by pseudonym_key, part

),

residence_per_pseudonym as (

    select
        {{ grain_columns('pseudonym_part', 'records') }},
        list_sort(list(distinct residence.block_id)) as blocks,
        list_sort(list(
            distinct cast(records.reference_year as varchar) || ':' || residence.block_id
        )) as year_blocks,
        list_sort(list(distinct records.reference_year)) as residence_years
    from records
    inner join residence
        on records.record_key = residence.record_key
    where residence.block_id is not null
    group by {{ grain_columns('pseudonym_part', 'records') }}

),

-- A pupil who continues is found the next school year at the same school one grade up
-- (or in the same grade after a repetition): those next steps are listed beside the steps.
schooling_per_pseudonym as (

    select
        {{ grain_columns('pseudonym_part', 'records') }},
        list_sort(list(distinct schooling.school_id)) as schools,
        list_sort(list(
            distinct concat_ws(':', schooling.school_year, schooling.school_id, schooling.grade)
        )) as school_steps,
        list_sort(list_distinct(flatten(list(
            [
                concat_ws(':', schooling.school_year + 1, schooling.school_id, schooling.grade + 1),
                concat_ws(':', schooling.school_year + 1, schooling.school_id, schooling.grade),
            ]
        )))) as school_next_steps
    from records
    inner join schooling
        on records.record_key = schooling.record_key
    where schooling.school_id is not null and schooling.school_year is not null
    group by {{ grain_columns('pseudonym_part', 'records') }}

),

move_in_per_pseudonym as (

    select
        {{ grain_columns('pseudonym_part', 'records') }},
        list_sort(list(distinct cast(move_in.move_in_date as varchar))) as move_in_dates
    from records
    inner join move_in
        on records.record_key = move_in.record_key
    group by {{ grain_columns('pseudonym_part', 'records') }}

),

kita_per_pseudonym as (

    select
        {{ grain_columns('pseudonym_part', 'records') }},
        list_sort(list(distinct kita.kita_id)) as kitas
    from records
    inner join kita
        on records.record_key = kita.record_key
    group by {{ grain_columns('pseudonym_part', 'records') }}

),

attributes_per_pseudonym as (

    select
        {{ grain_columns('pseudonym_part', 'records') }},
        mode(attributes.attribute_value order by attributes.attribute_value) filter (
            where attributes.attribute_name = 'nationality'
        ) as nationality,
        mode(
            attributes.attribute_value in ('1', '2', 'true')
            order by attributes.attribute_value in ('1', '2', 'true')
        ) filter (
            where attributes.attribute_name = 'migration_background'
        ) as has_migration_background,
        mode(
            attributes.attribute_value = 'true' order by attributes.attribute_value = 'true'
        ) filter (
            where attributes.attribute_name = 'has_nongerman_family_language'
        ) as has_nongerman_family_language
    from records
    inner join attributes
        on records.record_key = attributes.record_key
    group by {{ grain_columns('pseudonym_part', 'records') }}

),

profiled as (

    select
        per_pseudonym.pseudonym_key,
        per_pseudonym.part,
        per_pseudonym.birth_month,
        per_pseudonym.sex,
        per_pseudonym.delivery_ids,
        per_pseudonym.datasets,
        per_pseudonym.dataset_years,
        per_pseudonym.first_year,
        per_pseudonym.last_year,
        per_pseudonym.record_count,
        residence_per_pseudonym.blocks,
        residence_per_pseudonym.year_blocks,
        residence_per_pseudonym.residence_years,
        schooling_per_pseudonym.schools,
        schooling_per_pseudonym.school_steps,
        schooling_per_pseudonym.school_next_steps,
        move_in_per_pseudonym.move_in_dates,
        kita_per_pseudonym.kitas,
        attributes_per_pseudonym.nationality,
        attributes_per_pseudonym.has_migration_background,
        attributes_per_pseudonym.has_nongerman_family_language
    from per_pseudonym
    left join residence_per_pseudonym
        on {{ join_on('per_pseudonym', 'residence_per_pseudonym', 'pseudonym_part') }}
    left join schooling_per_pseudonym
        on {{ join_on('per_pseudonym', 'schooling_per_pseudonym', 'pseudonym_part') }}
    left join move_in_per_pseudonym
        on {{ join_on('per_pseudonym', 'move_in_per_pseudonym', 'pseudonym_part') }}
    left join kita_per_pseudonym
        on {{ join_on('per_pseudonym', 'kita_per_pseudonym', 'pseudonym_part') }}
    left join attributes_per_pseudonym
        on {{ join_on('per_pseudonym', 'attributes_per_pseudonym', 'pseudonym_part') }}

)

select * from profiled
