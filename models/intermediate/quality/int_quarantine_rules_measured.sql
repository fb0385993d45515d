{#- One row per current delivery and row rule (rule and column) that quarantined rows: how many
    of the delivery's rows it took, and their share. The plausibility check quarantine_share
    (rpt_plausibility_warnings) warns when one rule takes a large share: a rule stricter than
    the delivery specification (issue 14: a jahrgang range that quarantined every
    Fachoberschule row) or a broken extract. -#}

with

deliveries as (

    select
        delivery_id,
        dataset,
        reference_date,
        source_file,
        rows_in
    from {{ ref('int_deliveries_reconciled') }}

),

quarantine as (

    select
        delivery_id,
        rule,
        coalesce(column_name, '') as column_name
    from {{ ref('stg_audit__quarantine') }}

),

rules as (

    select
        delivery_id,
        rule,
        column_name,
        count(*) as rows_quarantined
    from quarantine
    group by delivery_id, rule, column_name

),

measured as (

    select
        deliveries.delivery_id,
        deliveries.dataset,
        deliveries.reference_date,
        deliveries.source_file,
        rules.rule,
        rules.column_name,
        deliveries.rows_in,
        rules.rows_quarantined,
        rules.rows_quarantined / nullif(deliveries.rows_in, 0) as quarantined_share
    from rules
    inner join deliveries
        on rules.delivery_id = deliveries.delivery_id

)

select * from measured
