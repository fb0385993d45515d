{#- The current delivery of each dataset and reference date, as the ingestion engine
    recorded it (audit.current_deliveries), renamed to English once: what intermediate
    models read of the delivery audit. A view: the audit is small and changes with every
    load. -#}
{{ config(materialized='view') }}

with

current_deliveries as (

    select
        delivery_id,
        dataset,
        stichtag as reference_date,
        lieferung as delivery_number,
        source_file,
        rows_in,
        rows_loaded,
        rows_quarantined,
        rows_rejected,
        loaded_at
    from {{ source('audit', 'current_deliveries') }}

)

select * from current_deliveries
