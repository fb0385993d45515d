with

records as (

    select
        dataset,
        delivery_id,
        reference_date,
        pseudonym,
        person_key
    from {{ ref('int_person_records_deduplicated') }}
    where pseudonym is not null

),

per_delivery as (

    select
        dataset,
        delivery_id,
        pseudonym,
        person_key,
        min(reference_date) as reference_date,
        count(*) as record_count
    from records
    group by dataset, delivery_id, pseudonym, person_key

),

spans as (

    select
        *,
        min(reference_date) over (partition by person_key, dataset) as first_reference_date,
        max(reference_date) over (partition by person_key, dataset) as last_reference_date,
        count(*) over (partition by person_key, dataset) as dataset_delivery_count,
        count(*) over (partition by person_key) as delivery_count
    from per_delivery

),

datasets_per_pseudonym as (

    select
        person_key,
        count(distinct dataset) as dataset_count
    from per_delivery
    group by person_key

),

classified as (

    select
        spans.dataset,
        spans.delivery_id,
        spans.reference_date,
        spans.pseudonym,
        spans.person_key,
        'exact_pseudonym' as link_method,
        '{{ invocation_id }}' as linkage_run_id,
        spans.first_reference_date,
        spans.last_reference_date,
        spans.record_count,
        spans.dataset_delivery_count,
        datasets_per_pseudonym.dataset_count - 1 as other_dataset_count,
        case
            when datasets_per_pseudonym.dataset_count > 1 then 'linked_elsewhere'
            when spans.dataset_delivery_count > 1 then 'linked_within_only'
            else 'alone'
        end as linkage_class
    from spans
    inner join datasets_per_pseudonym
        on spans.person_key = datasets_per_pseudonym.person_key

)

select * from classified
