{#- The from clause of a staging model's renaming select: the dataset's delivered rows
    (delivered_rows) as `delivered` and, where the dataset delivers sex (its sex_system in
    dataset_registry: register or school codes), seed xwalk_sex as `xwalk_sex`, joined on the
    delivered geschlecht code. Further crosswalk joins follow it in the model. -#}
{% macro from_delivered(dataset) -%}
    {%- set sex_system = dataset_registry()[dataset].sex_system -%}
    from (
        {{ delivered_rows(dataset) }}
    ) as delivered
    {%- if sex_system %}
        left join (
            select
                source_code,
                sex
            from {{ ref('xwalk_sex') }}
            where source_system = '{{ sex_system }}'
        ) as xwalk_sex
            on delivered.geschlecht = xwalk_sex.source_code
    {%- endif %}
{%- endmacro %}
