{#- The provenance columns of a raw table (docs/architecture.md), renamed once. Every staging
    row keeps them so that it traces back to one delivered row; record_key is the surrogate
    key of that row. -#}
{% macro provenance_columns(relation_alias) -%}
    {{ relation_alias }}._delivery_id || ':' || cast({{ relation_alias }}._row_number as varchar) as record_key,
    {{ relation_alias }}._delivery_id as delivery_id,
    {{ relation_alias }}._stichtag as reference_date,
    {{ relation_alias }}._lieferung as delivery_number,
    {{ relation_alias }}._source_file as source_file,
    {{ relation_alias }}._row_number as row_number,
    {{ relation_alias }}._loaded_at as loaded_at
{%- endmacro %}
