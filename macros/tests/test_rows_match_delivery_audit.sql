{#- What: a staging model holds exactly the loaded rows of the current deliveries of its
    dataset: per delivery, its row count equals audit.deliveries.rows_loaded, and it holds no
    row of a superseded, rejected or duplicate delivery.
    When: always; a mismatch means rows were lost or doubled between raw and staging (a join
    fan-out on a crosswalk, a filter) or the audit disagrees with raw.
    How to resolve: the failing deliveries are stored with both counts; compare the staging
    SQL's joins and the raw table for that delivery. -#}
{% test rows_match_delivery_audit(model, dataset) %}

with

current_deliveries as (

    select
        delivery_id,
        rows_loaded
    from {{ source('audit', 'current_deliveries') }}
    where dataset = '{{ dataset }}'

),

staged as (

    select
        delivery_id,
        count(*) as rows_staged
    from {{ model }}
    group by delivery_id

),

compared as (

    select
        coalesce(current_deliveries.delivery_id, staged.delivery_id) as delivery_id,
        current_deliveries.rows_loaded,
        coalesce(staged.rows_staged, 0) as rows_staged
    from current_deliveries
    full outer join staged
        on current_deliveries.delivery_id = staged.delivery_id

)

select *
from compared
where rows_loaded is distinct from rows_staged

{% endtest %}
