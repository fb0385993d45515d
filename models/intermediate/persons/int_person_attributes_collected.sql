{#- Every delivered value of an attribute that dim_persons resolves per person, one row per
    staged record and attribute. Which source wins is policy (seed attribute_precedence,
    applied in dim_persons); here only where each value sits. Sex comes from every dataset
    that delivers it (dataset_registry); not_stated counts as missing. -#}
{#- attribute, dataset, the staged value as text -#}
{%- set delivered_attributes = [
    ('has_nongerman_family_language', 'kita', 'cast(not is_family_language_german as varchar)'),
    ('has_nongerman_family_language', 'seu', 'cast(not is_german_first_language as varchar)'),
    ('has_nongerman_family_language', 'schueler', 'cast(not is_family_language_german as varchar)'),
    ('migration_background', 'bevoelkerung', 'migration_background_code'),
    ('migration_background', 'kita', 'cast(has_parent_of_foreign_origin as varchar)'),
    ('nationality', 'bevoelkerung', 'nationality_code'),
    ('nationality', 'schueler', 'nationality_code'),
] -%}

with

sex as (

    {% for dataset, entry in dataset_registry().items() if entry.sex_system %}
        select
            record_key,
            'sex' as attribute_name,
            '{{ dataset }}' as dataset,
            nullif(sex, 'not_stated') as attribute_value
        from {{ ref(entry.staging_model) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

other_attributes as (

    {% for attribute, dataset, value in delivered_attributes %}
        select
            record_key,
            '{{ attribute }}' as attribute_name,
            '{{ dataset }}' as dataset,
            {{ value }} as attribute_value
        from {{ ref(dataset_registry()[dataset].staging_model) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

collected as (

    select * from sex
    union all
    select * from other_attributes

)

select * from collected
