{#- A number as German text: a decimal comma (12,5), as the reports and exports write it. -#}
{% macro german_decimal(number) -%}
    replace(cast({{ number }} as varchar), '.', ',')
{%- endmacro %}
