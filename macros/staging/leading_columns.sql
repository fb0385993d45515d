{#- The leading columns of a staging model: provenance (provenance_columns) and, for a
    person-level dataset (dataset_registry), the pseudonym, the name Bloom filter, the birth
    month and, where the dataset delivers sex, the delivered code and the harmonised sex of
    the xwalk_sex join (from_delivered). trailing_columns closes the same select. -#}
{% macro leading_columns(dataset, relation_alias='delivered') -%}
    {%- set entry = dataset_registry()[dataset] -%}
    {{ provenance_columns(relation_alias) }}
    {%- if entry.person_level %},
    {{ relation_alias }}.pid as pseudonym,
    {{ relation_alias }}.namen_clk as name_bloom_filter,
    cast({{ relation_alias }}.geburtsmonat as date) as birth_month
    {%- endif %}
    {%- if entry.sex_system %},
    {{ relation_alias }}.geschlecht as sex_code,
    xwalk_sex.sex
    {%- endif %}
{%- endmacro %}
