{#- The date standing for an open validity period, from var 'bp:dates:open_end'. -#}
{% macro open_end() -%}
    date '{{ var("bp:dates:open_end") }}'
{%- endmacro %}
