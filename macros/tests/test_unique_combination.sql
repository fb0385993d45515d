{#- What: the combination of columns is unique (a compound key, e.g. source_system and
    source_code of a crosswalk). When: a join on that key must not fan out. How to resolve:
    the stored failures list the repeated combinations; remove or date-separate them. -#}
{% test unique_combination(model, columns) %}

select
    {{ columns | join(', ') }},
    count(*) as occurrences
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
