{{ config(materialized='view') }}

with

distinct_records as (

    select
        record_key,
        dataset,
        delivery_id,
        reference_date,
        pseudonym,
        person_key as pseudonym_key,
        birth_month
    from {{ ref('int_person_records_deduplicated') }}

),

resolved_keys as (

    select
        pseudonym_key,
        person_key,
        link_method
    from {{ ref('int_person_keys_resolved') }}

),

-- the person after probabilistic linkage (docs/linkage.md); a record without a pseudonym
-- has no person and drops out here
linked as (

    select
        distinct_records.record_key,
        distinct_records.dataset,
        distinct_records.delivery_id,
        distinct_records.reference_date,
        distinct_records.pseudonym,
        resolved_keys.person_key,
        resolved_keys.link_method,
        distinct_records.birth_month
    from distinct_records
    inner join resolved_keys
        on distinct_records.pseudonym_key = resolved_keys.pseudonym_key

)

select * from linked
