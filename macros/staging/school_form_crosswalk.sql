{#- Seed xwalk_schulform, school form code to school type and stage: the body of a staging
    model's xwalk_schulform CTE. -#}
{% macro school_form_crosswalk() -%}
    select
        schulform_code,
        school_type,
        school_stage
    from {{ ref('xwalk_schulform') }}
{%- endmacro %}
