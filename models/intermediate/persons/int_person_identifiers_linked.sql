with

records as (

    select
        dataset,
        delivery_id,
        reference_date,
        pseudonym,
        person_key,
        link_method
    from {{ ref('int_person_records_linked') }}

),

per_delivery as (

    select
        dataset,
        delivery_id,
        pseudonym,
        person_key,
        link_method,
        min(reference_date) as reference_date,
        count(*) as record_count
    from records
    group by dataset, delivery_id, pseudonym, person_key, link_method

),

-- Spans and counts per person and dataset, and datasets per person, as aggregates joined
-- back (hash aggregates; windows over the person key sorted millions of rows).
per_dataset as (

    select
        person_key,
        dataset,
        min(reference_date) as first_reference_date,
        max(reference_date) as last_reference_date,
        count(*) as dataset_delivery_count
    from per_delivery
    group by person_key, dataset

),

datasets_per_pseudonym as (

    select
        person_key,
        count(*) as dataset_count
    from per_dataset
    group by person_key

),

classified as (

    select
        per_delivery.dataset,
        per_delivery.delivery_id,
        per_delivery.reference_date,
        per_delivery.pseudonym,
        per_delivery.person_key,
        per_delivery.link_method,
        '{{ invocation_id }}' as linkage_run_id,
        per_dataset.first_reference_date,
        per_dataset.last_reference_date,
        per_delivery.record_count,
        per_dataset.dataset_delivery_count,
        datasets_per_pseudonym.dataset_count - 1 as other_dataset_count,
        case
            when datasets_per_pseudonym.dataset_count > 1 then 'linked_elsewhere'
            when per_dataset.dataset_delivery_count > 1 then 'linked_within_only'
            else 'alone'
        end as linkage_class
    from per_delivery
    inner join per_dataset
        on {{ join_on('per_delivery', 'per_dataset', ['person_key', 'dataset']) }}
    inner join datasets_per_pseudonym
        on per_delivery.person_key = datasets_per_pseudonym.person_key

)

select * from classified
