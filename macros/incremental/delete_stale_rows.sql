{#- Pre-hook of the models that are incremental at the grain of a delivery: before new
    deliveries are appended, drop the rows of every delivery that is no longer current
    (superseded by a corrected _L<n> delivery) and every row built by another version of the
    model (build_fingerprint). The model then appends the current deliveries it does not hold
    (delivered_rows), so the table equals a full rebuild. Runs in the model's transaction. -#}
{% macro delete_stale_rows(extra=[]) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where
            build_fingerprint <> {{ build_fingerprint(extra) }}
            or delivery_id not in (
                select current_deliveries.delivery_id
                from {{ source('audit', 'current_deliveries') }} as current_deliveries
            )
    {%- endif -%}
{%- endmacro %}
