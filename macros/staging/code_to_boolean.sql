{#- A delivered two-valued code as a boolean: true_code -> true, false_code -> false, anything
    else (including NULL) -> NULL. Cleaning, not policy: the meaning of each code is fixed in
    the delivery specification. -#}
{% macro code_to_boolean(column, true_code, false_code) -%}
    case
        {{ column }}
        when '{{ true_code }}' then true
        when '{{ false_code }}' then false
    end
{%- endmacro %}
