{#- One row per quarantined row of a current delivery (audit.quarantine), English names: what
    the plausibility checks count (how many rows a rule quarantined, which code values they
    held). The delivered row stays as JSON in `record`; models above staging read code values
    out of it and keep counts only. A view: the audit is small and changes with every load. -#}
{{ config(materialized='view') }}

with

current_deliveries as (

    select delivery_id
    from {{ source('audit', 'current_deliveries') }}

),

quarantine as (

    select
        quarantine.delivery_id,
        quarantine.dataset,
        quarantine.stichtag as reference_date,
        quarantine.row_number,
        quarantine.rule,
        quarantine.column_name,
        quarantine.record
    from {{ source('audit', 'quarantine') }} as quarantine
    inner join current_deliveries
        on quarantine.delivery_id = current_deliveries.delivery_id

)

select * from quarantine
