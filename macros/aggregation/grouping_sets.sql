{#- Naming the breakdown of a `group by grouping sets` row: the first of `columns` that is
    grouped in the row's set, as its name (`names=true`) or its value; `otherwise` where
    none is. -#}
{% macro grouped_column(columns, otherwise, names=false) -%}
    case
        {%- for column in columns %}
        when grouping({{ column }}) = 0 then {{ "'" ~ column ~ "'" if names else column }}
        {%- endfor %}
        else {{ otherwise }}
    end
{%- endmacro %}

{#- `grouping sets (...)` of `base` (a list of columns) with each list of `extras` added:
    one aggregation pass for many breakdowns. -#}
{% macro grouping_sets(base, extras) -%}
    grouping sets (
        {%- for extra in extras %}
        ({{ (base + extra) | join(', ') }}){{ "," if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}
