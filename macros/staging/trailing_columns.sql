{#- The trailing columns of a staging model, after the renamed ones: build_fingerprint
    (person-level datasets, which are built incrementally), record_hash over the dataset's
    delivered columns, duplicate_ordinal, is_exact_duplicate and, for a directory,
    is_latest_snapshot, as delivered_rows defines them. Which columns a dataset gets follows
    from dataset_registry. -#}
{% macro trailing_columns(dataset, relation_alias='delivered') -%}
    {%- if dataset_registry()[dataset].person_level -%}
        {{ build_fingerprint() }} as build_fingerprint,
    {% endif -%}
    {{ relation_alias }}.record_hash,
    {{ relation_alias }}.duplicate_ordinal,
    {{ relation_alias }}.is_exact_duplicate
    {%- if not dataset_registry()[dataset].person_level %},
    {{ relation_alias }}.is_latest_snapshot
    {%- endif %}
{%- endmacro %}
