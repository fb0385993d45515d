{#- Use a model's custom schema (staging, intermediate, marts, reference, ...) as the schema
    name itself, not prefixed with the target schema: the warehouse has one target, and the
    schema names are part of the contract in docs/architecture.md. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema | trim }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
