{#- The leading columns of a person-level staging model: provenance (provenance_columns), the
    pseudonym, the name Bloom filter, the birth month and, where the dataset delivers sex
    (dataset_registry), the delivered code and the harmonised sex of the xwalk_sex CTE. -#}
{% macro person_columns(dataset, relation_alias='delivered') -%}
    {{ provenance_columns(relation_alias) }},
    {{ relation_alias }}.pid as pseudonym,
    {{ relation_alias }}.namen_clk as name_bloom_filter,
    cast({{ relation_alias }}.geburtsmonat as date) as birth_month
    {%- if dataset_registry()[dataset].sex_system %},
    {{ relation_alias }}.geschlecht as sex_code,
    xwalk_sex.sex
    {%- endif %}
{%- endmacro %}
