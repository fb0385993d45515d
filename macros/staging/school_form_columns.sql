{#- The columns of the general-school statistics that schueler and abgaenge deliver alike:
    school year, school number, the school form with its type and stage (the
    xwalk_schulform CTE, school_form_crosswalk) and the grade. -#}
{% macro school_form_columns(relation_alias='delivered') -%}
    {{ relation_alias }}.schuljahr as school_year,
    {{ relation_alias }}.schulnr as school_id,
    {{ relation_alias }}.schulform as school_form_code,
    xwalk_schulform.school_type,
    xwalk_schulform.school_stage,
    {{ relation_alias }}.jahrgang as grade
{%- endmacro %}
