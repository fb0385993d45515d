{#- IT.NRW rounding of a non-negative count to a multiple of base, halves up:
    with base 5, 0-2 -> 0, 3-7 -> 5, 8-12 -> 10. Every cell and total on its own. -#}
{% macro round_to_base(count, base=none) -%}
    {%- set b = base if base is not none else var('bp:disclosure:rounding_base', 5) -%}
    (({{ count }} + {{ (b // 2) | int }}) // {{ b }} * {{ b }})
{%- endmacro %}
