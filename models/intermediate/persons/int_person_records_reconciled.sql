with

staged as (

    -- the staged rows of the person-level datasets, as the delivery audit counts them
    select
        delivery_id,
        dataset,
        rows_staged,
        rows_exact_duplicate as rows_dropped_exact_duplicate
    from {{ ref('int_deliveries_reconciled') }}
    where
        rows_staged > 0
        and dataset in ({{ "'" ~ dataset_names(person_level=true) | join("', '") ~ "'" }})

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
