{#- What: the share of rows where a boolean column is true stays at or below max_share, per
    group_by (e.g. exact duplicates per delivery). When: volumes that signal a broken extract
    rather than a single bad record. How to resolve: look at the stored groups and ask the
    delivering agency; raise the var only with a documented reason. -#}
{% test share_below(model, column_name, max_share, group_by) %}

with

shares as (

    select
        {{ group_by }} as group_value,
        count(*) as row_count,
        count(*) filter (where {{ column_name }}) as flagged_count
    from {{ model }}
    group by {{ group_by }}

)

select *
from shares
where flagged_count > {{ max_share }} * row_count

{% endtest %}
