{#- An MD5 fingerprint of a delivered row's content: the delivered columns of the dataset
    (dataset_registry, spec order) read from relation_alias, provenance excluded. Two rows of
    one delivery with the same fingerprint are exact duplicates. Raw tables hold no empty
    strings (an empty field is NULL), so NULL is written as an empty field. -#}
{% macro record_hash(relation_alias, dataset) -%}
    md5(concat_ws(
        '|'
        {%- for column in dataset_registry()[dataset].columns %},
        coalesce(cast({{ relation_alias }}.{{ column }} as varchar), '')
        {%- endfor %}
    ))
{%- endmacro %}
