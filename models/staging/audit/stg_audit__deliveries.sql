{#- Every file the ingestion engine has seen (audit.deliveries), whatever became of it, with
    its row counts, renamed to English once: what intermediate models read of the delivery
    audit (the current deliveries are those with status loaded, audit.current_deliveries).
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
        rows_in,
        rows_loaded,
        rows_quarantined,
        rows_rejected,
        seen_at,
        loaded_at
    from {{ source('audit', 'deliveries') }}

)

select * from deliveries
