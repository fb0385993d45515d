{#- Every delivered column with a code list, as (dataset, column) pairs in spec order: the
    columns whose values the ingestion counts per delivery and the quarantine compares. -#}
{% macro dataset_code_columns() -%}
    {%- set pairs = [] -%}
    {%- for dataset, entry in dataset_registry().items() -%}
        {%- for column in entry.code_columns -%}
            {%- do pairs.append((dataset, column)) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{- return(pairs) -}}
{%- endmacro %}
