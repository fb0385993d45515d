{#- Every file the ingestion engine has seen (audit.deliveries), whatever became of it, with
    its row counts, renamed to English once: what intermediate models read of the delivery
    audit. is_current marks the current deliveries as the ingestion engine defines them (view
    audit.current_deliveries, which staging reads too), so that the audit and the staged rows
    never disagree on which deliveries count. A view: the audit is small and changes with
    every load. -#}
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
        loaded_at,
        delivery_id in (
            select current_deliveries.delivery_id
            from {{ source('audit', 'current_deliveries') }} as current_deliveries
        ) as is_current
    from {{ source('audit', 'deliveries') }}

)

select * from deliveries
