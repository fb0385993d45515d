with

records as (

    select
        record_key,
        dataset,
        reference_date,
        person_key,
        birth_month
    from {{ ref('int_person_records_linked') }}

),

precedence as (

    select
        attribute as attribute_name,
        dataset,
        precedence
    from {{ ref('attribute_precedence') }}

),

xwalk_migration_background as (

    select
        dataset,
        source_value,
        migration_background,
        has_migration_background
    from {{ ref('xwalk_migration_background') }}

),

-- Every delivered value of a resolved attribute, one row per record and attribute (which
-- source wins is policy, in seed attribute_precedence).
candidates as (

    select
        record_key,
        attribute_name,
        dataset,
        attribute_value
    from {{ ref('int_person_attributes_collected') }}

),

ranked as (

    select
        records.person_key,
        candidates.attribute_name,
        candidates.dataset,
        candidates.attribute_value
    from candidates
    inner join records
        on candidates.record_key = records.record_key
    inner join precedence
        on {{ join_on('candidates', 'precedence', ['attribute_name', 'dataset']) }}
    where candidates.attribute_value is not null
    qualify row_number() over (
            partition by records.person_key, candidates.attribute_name
            order by
                precedence.precedence asc, records.reference_date desc, candidates.record_key desc
        ) = 1

),

resolved as (

    select
        person_key,
        max(attribute_value) filter (where attribute_name = 'sex') as sex,
        max(dataset) filter (where attribute_name = 'sex') as sex_source,
        max(attribute_value) filter (where attribute_name = 'has_nongerman_family_language')
            as has_nongerman_family_language,
        max(dataset) filter (where attribute_name = 'has_nongerman_family_language')
            as family_language_source,
        max(attribute_value) filter (where attribute_name = 'migration_background')
            as migration_background_value,
        max(dataset) filter (where attribute_name = 'migration_background')
            as migration_background_source,
        max(attribute_value) filter (where attribute_name = 'nationality') as nationality,
        max(dataset) filter (where attribute_name = 'nationality') as nationality_source
    from ranked
    group by person_key

),

birth_months as (

    select
        person_key,
        birth_month,
        count(*) as record_count,
        max(reference_date) as last_reference_date
    from records
    group by person_key, birth_month

),

modal_birth_month as (

    select
        person_key,
        birth_month,
        record_count as birth_month_record_count
    from birth_months
    qualify row_number() over (
            partition by person_key
            order by record_count desc, last_reference_date desc, birth_month desc
        ) = 1

),

spans as (

    select
        person_key,
        min(reference_date) as first_seen_date,
        max(reference_date) as last_seen_date,
        count(*) as record_count,
        count(distinct dataset) as dataset_count,
        count(distinct birth_month) as birth_month_variants,
        list(distinct dataset order by dataset) as datasets
    from records
    group by person_key

),

final as (

    select
        spans.person_key,
        modal_birth_month.birth_month,
        resolved.sex_source,
        cast(resolved.has_nongerman_family_language as boolean) as has_nongerman_family_language,
        resolved.family_language_source,
        xwalk_migration_background.migration_background,
        xwalk_migration_background.has_migration_background,
        resolved.migration_background_source,
        resolved.nationality,
        resolved.nationality_source,
        spans.first_seen_date,
        spans.last_seen_date,
        spans.record_count,
        spans.dataset_count,
        spans.datasets,
        spans.birth_month_variants,
        modal_birth_month.birth_month_record_count,
        year(modal_birth_month.birth_month) as birth_cohort,
        coalesce(resolved.sex, 'not_stated') as sex,
        resolved.nationality = 'DEU' as is_german_national
    from spans
    inner join modal_birth_month
        on spans.person_key = modal_birth_month.person_key
    left join resolved
        on spans.person_key = resolved.person_key
    left join xwalk_migration_background
        on
            resolved.migration_background_source = xwalk_migration_background.dataset
            and resolved.migration_background_value = xwalk_migration_background.source_value

)

select * from final
