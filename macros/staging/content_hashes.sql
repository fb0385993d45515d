{#- The trailing columns of a staging model: build_fingerprint (person-level datasets, which
    are built incrementally) and record_hash over the dataset's delivered columns. -#}
{% macro content_hashes(dataset, relation_alias='delivered') -%}
    {%- if dataset_registry()[dataset].person_level -%}
        {{ build_fingerprint() }} as build_fingerprint,
    {% endif -%}
    {{ record_hash(relation_alias, dataset) }} as record_hash
{%- endmacro %}
