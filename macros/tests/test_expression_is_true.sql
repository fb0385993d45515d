{#- What: a boolean expression holds on every row (e.g. valid_from <= valid_to).
    When: an invariant within one row. How to resolve: inspect the stored failing rows. -#}
{% test expression_is_true(model, expression) %}

select *
from {{ model }}
where not coalesce(({{ expression }}), false)

{% endtest %}
