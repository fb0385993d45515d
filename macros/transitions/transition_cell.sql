{#- The grain of a transition table cell, written once for the steps of rpt_transition_rates
    (rpt_transition_counts, rpt_transition_rates_by_age, rpt_transition_rates): a cell is a
    transition, method, outcome dimension, school year, age group, subgroup value and area;
    the outcome is the cell's breakdown and not part of it.

    transition_cell_columns(relation=none, except=[]): the grain columns, comma-separated,
        qualified with relation when given, without the columns named in except.
    transition_cell_join(left, right): the join condition of two relations on the grain. -#}

{% macro transition_cell_grain() -%}
    {{ return([
        'transition', 'method', 'outcome_dimension', 'school_year', 'age_group',
        'subgroup', 'subgroup_value', 'area_level', 'area_id',
    ]) }}
{%- endmacro %}

{% macro transition_cell_columns(relation=none, except=[]) -%}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    {%- for column in transition_cell_grain() if column not in except -%}
        {{ prefix ~ column }}{{ ",\n        " if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{% macro transition_cell_join(left, right) -%}
    {%- for column in transition_cell_grain() -%}
        {{ left }}.{{ column }} = {{ right }}.{{ column }}{{ "\n            and " if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
