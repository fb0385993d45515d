{#- The German label of school year y, as in the reports and exports: 2015/16. -#}
{% macro school_year_label(year) -%}
    (cast(({{ year }}) as varchar) || '/' || right(cast(({{ year }}) + 1 as varchar), 2))
{%- endmacro %}
