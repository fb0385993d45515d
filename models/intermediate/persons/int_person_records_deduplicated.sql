{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_stale_rows(extra=[var('bp:identity:salt')]) }}",
    )
}}

with

staged as (

    {#- the person-level datasets of the delivery specification (macro dataset_registry) -#}
    {% for dataset, entry in dataset_registry().items() if entry.person_level %}
        select
            record_key,
            '{{ dataset }}' as dataset,
            delivery_id,
            reference_date,
            source_file,
            row_number,
            pseudonym,
            birth_month,
            {% if entry.sex_system %}sex{% else %}cast(null as varchar) as sex{% endif %},
            is_exact_duplicate
        from {{ ref(entry.staging_model) }}
        {%- if this is not none and is_incremental() %}
            -- deliveries already held; stale ones were deleted by the pre-hook
            where delivery_id not in (select held.delivery_id from {{ this }} as held)
        {%- endif %}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

kept as (

    select
        record_key,
        dataset,
        delivery_id,
        reference_date,
        year(reference_date) as reference_year,
        source_file,
        row_number,
        pseudonym,
        {{ person_key('pseudonym') }} as person_key,
        birth_month,
        sex,
        {{ build_fingerprint(extra=[var('bp:identity:salt')]) }} as build_fingerprint
    from staged
    where not is_exact_duplicate

)

select * from kept
