{#- The raw rows of a dataset's current deliveries (audit.current_deliveries): the body of a
    staging model's first CTE. In an incremental build only the deliveries the model does not
    hold yet are read; delete_stale_rows has removed those that stopped being current. -#}
{% macro delivered_rows(dataset) -%}
    select raw_rows.*
    from {{ source('raw', dataset) }} as raw_rows
    inner join {{ source('audit', 'current_deliveries') }} as current_deliveries
        on
            raw_rows._delivery_id = current_deliveries.delivery_id
            and current_deliveries.dataset = '{{ dataset }}'
    {#- unit tests render the model without a relation (this is none) -#}
    {%- if this is not none and is_incremental() %}
        where raw_rows._delivery_id not in (
            select staged.delivery_id from {{ this }} as staged
        )
    {%- endif %}
{%- endmacro %}
