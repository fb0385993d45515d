{#- The reference date (Stichtag) of a source kind inside school year y (docs/architecture.md):
    school and vocational school 15 Oct y, day care 1 Mar y+1, residence 31 Dec y, school
    entry examination and leavers 31 Jul y+1. -#}
{% macro reference_date(kind, school_year) -%}
    {%- if kind == 'school' -%}
        make_date(cast({{ school_year }} as integer), 10, 15)
    {%- elif kind == 'care' -%}
        make_date(cast({{ school_year }} as integer) + 1, 3, 1)
    {%- elif kind == 'residence' -%}
        make_date(cast({{ school_year }} as integer), 12, 31)
    {%- elif kind == 'school_year_end' -%}
        make_date(cast({{ school_year }} as integer) + 1, 7, 31)
    {%- else -%}
        {{ exceptions.raise_compiler_error("reference_date: unknown kind " ~ kind) }}
    {%- endif -%}
{%- endmacro %}
