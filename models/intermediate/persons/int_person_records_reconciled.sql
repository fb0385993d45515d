with

staged as (

    {#- the person-level datasets of the delivery specification (macro dataset_registry) -#}
    {% for dataset, entry in dataset_registry().items() if entry.person_level %}
        select
            '{{ dataset }}' as dataset,
            delivery_id,
            count(*) as rows_staged,
            count(*) filter (where is_exact_duplicate) as rows_dropped_exact_duplicate
        from {{ ref(entry.staging_model) }}
        group by delivery_id
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

kept as (

    select
        delivery_id,
        count(*) as rows_kept,
        count(*) filter (where pseudonym is null) as rows_kept_without_pseudonym
    from {{ ref('int_person_records_deduplicated') }}
    group by delivery_id

),

reconciled as (

    select
        staged.delivery_id,
        staged.dataset,
        staged.rows_staged,
        staged.rows_dropped_exact_duplicate,
        coalesce(kept.rows_kept, 0) as rows_kept,
        coalesce(kept.rows_kept_without_pseudonym, 0) as rows_kept_without_pseudonym
    from staged
    left join kept
        on staged.delivery_id = kept.delivery_id

)

select * from reconciled
