{#- The German display name of an area: the city's name from var 'bp:indicators:city_name'
    at level stadt, otherwise the level's label and the area id. -#}
{% macro area_name(level_column, id_column) -%}
    case {{ level_column }}
        when 'stadt' then '{{ var("bp:indicators:city_name", "Stadt") }}'
        when 'stadtbezirk' then 'Stadtbezirk ' || {{ id_column }}
        when 'statistischer_bezirk' then 'Statistischer Bezirk ' || {{ id_column }}
        when 'sozialraum' then 'Sozialraum ' || {{ id_column }}
        when 'grundschulbezirk' then 'Grundschulbezirk ' || {{ id_column }}
        else {{ id_column }}
    end
{%- endmacro %}
