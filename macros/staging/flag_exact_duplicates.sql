{#- The rows of relation numbered within each delivery by record_hash (duplicate_ordinal, in
    row order) and flagged is_exact_duplicate from the second copy on: the first copy is kept.
    A select statement, the body of a staging model's flagging CTE. -#}
{% macro flag_exact_duplicates(relation) -%}
    select
        numbered.*,
        numbered.duplicate_ordinal > 1 as is_exact_duplicate
    from (
        select
            *,
            row_number() over (
                partition by delivery_id, record_hash order by row_number
            ) as duplicate_ordinal
        from {{ relation }}
    ) as numbered
{%- endmacro %}
