{#- Every delivered value of an attribute that dim_persons resolves per person, one row per
    staged record and attribute. Which source wins is policy (seed attribute_precedence,
    applied in dim_persons); here only where each value sits. Sex comes from every dataset
    that delivers it (dataset_registry); not_stated counts as missing. -#}

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

family_language as (

    select
        record_key,
        'has_nongerman_family_language' as attribute_name,
        'kita' as dataset,
        cast(not is_family_language_german as varchar) as attribute_value
    from {{ ref('stg_kita__children') }}
    union all
    select
        record_key,
        'has_nongerman_family_language' as attribute_name,
        'seu' as dataset,
        cast(not is_german_first_language as varchar) as attribute_value
    from {{ ref('stg_seu__examinations') }}
    union all
    select
        record_key,
        'has_nongerman_family_language' as attribute_name,
        'schueler' as dataset,
        cast(not is_family_language_german as varchar) as attribute_value
    from {{ ref('stg_schueler__enrolments') }}

),

migration_background as (

    select
        record_key,
        'migration_background' as attribute_name,
        'bevoelkerung' as dataset,
        migration_background_code as attribute_value
    from {{ ref('stg_bevoelkerung__residents') }}
    union all
    select
        record_key,
        'migration_background' as attribute_name,
        'kita' as dataset,
        cast(has_parent_of_foreign_origin as varchar) as attribute_value
    from {{ ref('stg_kita__children') }}

),

nationality as (

    select
        record_key,
        'nationality' as attribute_name,
        'bevoelkerung' as dataset,
        nationality_code as attribute_value
    from {{ ref('stg_bevoelkerung__residents') }}
    union all
    select
        record_key,
        'nationality' as attribute_name,
        'schueler' as dataset,
        nationality_code as attribute_value
    from {{ ref('stg_schueler__enrolments') }}

),

collected as (

    select * from sex
    union all
    select * from family_language
    union all
    select * from migration_background
    union all
    select * from nationality

)

select * from collected
