{#- A date as German text: 15.10.2015, as the reports and exports write it. -#}
{% macro german_date(day) -%}
    strftime({{ day }}, '%d.%m.%Y')
{%- endmacro %}
