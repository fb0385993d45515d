{#- What: every row satisfies left = right (e.g. rows_in = rows_loaded + rows_quarantined +
    rows_rejected). When: a count that must add up across a grain change or a delivery audit.
    How to resolve: the failing rows are stored; find which side lost or invented rows. -#}
{% test reconciles(model, left, right) %}

select
    *,
    {{ left }} as reconciles_left,
    {{ right }} as reconciles_right
from {{ model }}
where ({{ left }}) is distinct from ({{ right }})

{% endtest %}
