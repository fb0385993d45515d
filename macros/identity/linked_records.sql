{#- The rows of a person-level dataset's staging model that belong to a person, with the
    person key: record_key, person_key and the given staging columns. Exact duplicates are
    dropped (and counted) once, in int_person_records_deduplicated; the person key is the
    one probabilistic linkage resolved for the record's pseudonym (int_person_records_linked,
    docs/linkage.md), so every spell and fact takes its persons from the same place. -#}
{% macro linked_records(dataset, columns) -%}
    select
        staged.record_key,
        linked_records.person_key
        {%- for column in columns %},
        staged.{{ column }}
        {%- endfor %}
    from {{ ref(dataset_registry()[dataset]['staging_model']) }} as staged
    inner join {{ ref('int_person_records_linked') }} as linked_records
        on staged.record_key = linked_records.record_key
    where linked_records.dataset = '{{ dataset }}'
{%- endmacro %}
