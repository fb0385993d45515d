{#- The sex a person is published under: male or female. As in official statistics since the
    third sex entry (Destatis, IT.NRW), "diverse" and "not stated" are assigned to male or
    female by a stable pseudo-random key, because their counts are so small that publishing
    them would force the suppression of male or female cells across whole tables. -#}
{% macro published_sex(sex, key) -%}
    case
        when {{ sex }} in ('male', 'female') then {{ sex }}
        when ascii(right(md5(cast({{ key }} as varchar)), 1)) % 2 = 0 then 'male'
        else 'female'
    end
{%- endmacro %}
