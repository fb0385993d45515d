{#- 31 December of a calendar year given as an integer expression: the register's
    reference date, at which residence is counted. -#}
{% macro end_of_year(year_expression) -%}
    make_date(cast({{ year_expression }} as integer), 12, 31)
{%- endmacro %}
