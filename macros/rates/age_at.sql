{#- Age in completed years on a date, from the birth month only (the warehouse never holds a
    birth date). The birthday is taken as the 15th of the birth month: a child born in the
    reference month counts as having had its birthday when the reference day is the 15th or
    later (15 Oct, 31 Dec) and not when it is earlier (1 Mar). -#}
{% macro age_at(birth_month, on_date) -%}
    (
        year({{ on_date }}) - year({{ birth_month }})
        - case
            when month({{ on_date }}) < month({{ birth_month }}) then 1
            when month({{ on_date }}) = month({{ birth_month }}) and day({{ on_date }}) < 15 then 1
            else 0
        end
    )
{%- endmacro %}
