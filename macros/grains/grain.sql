{#- The key columns of the grains that models join and group on, written once, and two
    helpers that spell them out, so a join condition or a grain's column list is not
    restated in every model that uses it.

    grain(name): the columns of a named grain, as a list.
    grain_columns(columns, relation=none, except=[]): the columns (a list, or a grain's name),
        comma-separated, qualified with relation when given, without those named in except.
    join_on(left, right, columns): the condition that the two relations agree on every one of
        the columns (a list, or a grain's name). -#}

{% macro grain(name) -%}
    {#- a transition table's counting group, before the subgroup and area of a cell -#}
    {%- set transition_group = [
        'transition', 'method', 'outcome_dimension', 'school_year', 'age_group',
    ] -%}
    {%- set grains = {
        'person_year': ['person_key', 'school_year'],
        'pseudonym_part': ['pseudonym_key', 'part'],
        'delivery_date': ['dataset', 'reference_date'],
        'published_part': ['published_table', 'table_part', 'breakdown_column', 'breakdown_value'],
        'indicator_cell': [
            'indicator_code', 'year', 'area_level', 'area_id', 'subgroup', 'subgroup_value',
            'category',
        ],
        'transition_outcomes': transition_group[:3],
        'transition_group': transition_group,
        'transition_cell': transition_group + [
            'subgroup', 'subgroup_value', 'area_level', 'area_id',
        ],
    } -%}
    {{ return(grains[name]) }}
{%- endmacro %}

{% macro _grain_list(columns) -%}
    {{ return(grain(columns) if columns is string else columns) }}
{%- endmacro %}

{% macro grain_columns(columns, relation=none, except=[]) -%}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    {%- for column in _grain_list(columns) if column not in except -%}
        {{ prefix ~ column }}{{ ",\n        " if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{% macro join_on(left, right, columns) -%}
    {%- for column in _grain_list(columns) -%}
        {{ left }}.{{ column }} = {{ right }}.{{ column }}{{ "\n            and " if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
