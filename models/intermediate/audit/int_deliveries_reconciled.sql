with

current_deliveries as (

    select * from {{ ref('stg_audit__deliveries') }}
    where is_current

),

staged as (

    {#- every dataset of the delivery specification (spec.py, macro dataset_registry) -#}
    {% for dataset, entry in dataset_registry().items() %}
        select
            '{{ dataset }}' as dataset,
            delivery_id,
            count(*) as rows_staged,
            count(*) filter (where is_exact_duplicate) as rows_exact_duplicate
        from {{ ref(entry.staging_model) }}
        group by delivery_id
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

reconciled as (

    select
        current_deliveries.delivery_id,
        current_deliveries.dataset,
        current_deliveries.reference_date,
        current_deliveries.delivery_number,
        current_deliveries.source_file,
        current_deliveries.rows_in,
        current_deliveries.rows_loaded,
        current_deliveries.rows_quarantined,
        current_deliveries.rows_rejected,
        current_deliveries.loaded_at,
        coalesce(staged.rows_staged, 0) as rows_staged,
        coalesce(staged.rows_exact_duplicate, 0) as rows_exact_duplicate,
        coalesce(staged.rows_staged, 0) - coalesce(staged.rows_exact_duplicate, 0)
            as rows_distinct
    from current_deliveries
    left join staged
        on {{ join_on('current_deliveries', 'staged', ['delivery_id', 'dataset']) }}

)

select * from reconciled
