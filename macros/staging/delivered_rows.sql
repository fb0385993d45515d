{#- The raw rows of a dataset's current deliveries (audit.current_deliveries), each with what
    staging flags it by: record_hash (record_hash), duplicate_ordinal (its copy number among
    the rows of one delivery with the same record_hash, in row order), is_exact_duplicate
    (from the second copy on: the first copy is kept) and, for a directory
    (person_level false in dataset_registry), is_latest_snapshot (the row belongs to the
    newest delivered snapshot: a directory is delivered whole, every validity period in every
    snapshot). The body of from_delivered's subquery. In an incremental build only the
    deliveries the model does not hold yet are read; delete_stale_rows has removed those that
    stopped being current. -#}
{% macro delivered_rows(dataset) -%}
    select
        hashed.*,
        row_number() over copies as duplicate_ordinal,
        row_number() over copies > 1 as is_exact_duplicate
        {%- if not dataset_registry()[dataset].person_level %},
        hashed._stichtag = max(hashed._stichtag) over () as is_latest_snapshot
        {%- endif %}
    from (
        select
            raw_rows.*,
            {{ record_hash('raw_rows', dataset) }} as record_hash
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
    ) as hashed
    window copies as (
        partition by hashed._delivery_id, hashed.record_hash order by hashed._row_number
    )
{%- endmacro %}
