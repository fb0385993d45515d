{%- set person_models = {
    'bevoelkerung': 'stg_bevoelkerung__residents',
    'bewegungen': 'stg_bewegungen__events',
    'kita': 'stg_kita__children',
    'seu': 'stg_seu__examinations',
    'schueler': 'stg_schueler__enrolments',
    'abgaenge': 'stg_abgaenge__leavers',
    'berufskolleg': 'stg_berufskolleg__enrolments',
    'sgb2': 'stg_sgb2__benefit_years',
} -%}

with

staged as (

    {% for dataset, model in person_models.items() %}
        select
            '{{ dataset }}' as dataset,
            delivery_id,
            count(*) as rows_staged,
            count(*) filter (where is_exact_duplicate) as rows_dropped_exact_duplicate
        from {{ ref(model) }}
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
