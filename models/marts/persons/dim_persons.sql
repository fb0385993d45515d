with

attributes as (

    select
        person_key,
        birth_month,
        birth_month_record_count,
        birth_cohort,
        sex,
        sex_source,
        has_nongerman_family_language,
        family_language_source,
        migration_background,
        has_migration_background,
        migration_background_source,
        nationality,
        nationality_source,
        is_german_national
    from {{ ref('int_person_attributes_resolved') }}

),

records as (

    select
        dataset,
        reference_date,
        person_key,
        birth_month
    from {{ ref('int_person_records_linked') }}

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
        attributes.birth_month,
        attributes.sex_source,
        attributes.has_nongerman_family_language,
        attributes.family_language_source,
        attributes.migration_background,
        attributes.has_migration_background,
        attributes.migration_background_source,
        attributes.nationality,
        attributes.nationality_source,
        spans.first_seen_date,
        spans.last_seen_date,
        spans.record_count,
        spans.dataset_count,
        spans.datasets,
        spans.birth_month_variants,
        attributes.birth_month_record_count,
        attributes.birth_cohort,
        attributes.sex,
        attributes.is_german_national
    from spans
    inner join attributes
        on spans.person_key = attributes.person_key

)

select * from final
