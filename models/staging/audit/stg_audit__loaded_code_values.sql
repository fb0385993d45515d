{#- One row per current delivery that has quarantined rows, code column (spec.py: a column with
    a code list) and code value: how many of the delivery's rows were loaded with that value.
    The plausibility check "all rows of one code value quarantined" compares these with the
    quarantined rows (int_quarantined_codes_compared). An aggregate in staging because only
    staging may read raw.<dataset>, where the delivered (German) column names still hold; it
    scans only deliveries with quarantined rows. -#}
{{ config(materialized='table') }}

{%- set code_columns = dataset_code_columns() %}

with

quarantined_deliveries as (

    select distinct quarantine.delivery_id
    from {{ source('audit', 'quarantine') }} as quarantine
    inner join {{ source('audit', 'current_deliveries') }} as current_deliveries
        on quarantine.delivery_id = current_deliveries.delivery_id

),

loaded_code_values as (

    {% for dataset, column in code_columns %}
        select
            '{{ dataset }}' as dataset,
            delivered._delivery_id as delivery_id,
            '{{ column }}' as code_column,
            cast(delivered.{{ column }} as varchar) as code_value,
            count(*) as rows_loaded
        from {{ source('raw', dataset) }} as delivered
        inner join quarantined_deliveries
            on delivered._delivery_id = quarantined_deliveries.delivery_id
        where delivered.{{ column }} is not null
        group by delivered._delivery_id, delivered.{{ column }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from loaded_code_values
