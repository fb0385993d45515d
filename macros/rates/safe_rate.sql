{#- numerator / denominator as a double, NULL when the denominator is 0 or NULL. -#}
{% macro safe_rate(numerator, denominator) -%}
    case
        when {{ denominator }} > 0 then cast({{ numerator }} as double) / {{ denominator }}
    end
{%- endmacro %}
