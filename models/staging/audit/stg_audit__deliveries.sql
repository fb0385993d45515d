{#- Every file the ingestion engine has seen (audit.deliveries), whatever became of it,
    renamed to English once: what intermediate models read of rejected and superseded files.
    A view: the audit is small and changes with every load. -#}
{{ config(materialized='view') }}

with

deliveries as (

    select
        delivery_id,
        dataset,
        stichtag as reference_date,
        lieferung as delivery_number,
        source_file,
        status,
        reason,
        seen_at,
        loaded_at
    from {{ source('audit', 'deliveries') }}

)

select * from deliveries
