{#- The school year (y = y/y+1, 1 August to 31 July) a date falls in. -#}
{% macro school_year_of(date_expression) -%}
    (year({{ date_expression }}) - case when month({{ date_expression }}) < 8 then 1 else 0 end)
{%- endmacro %}
