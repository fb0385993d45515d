{#- The residents register as dated points per person, sequenced into presence groups
    (continuous residence in the city) and block segments (continuous residence in one block).
    Same-day order: entry, move, stock, exit. -#}
with

residents as (

    {{ linked_records('bevoelkerung', [
        'reference_date', 'block_id', 'move_in_date', 'birth_month',
    ]) }}

),

movements as (

    {{ linked_records('bewegungen', [
        'event_date', 'event_code', 'new_block_id', 'previous_block_id', 'birth_month',
    ]) }}

),

stock as (

    select
        record_key,
        'bevoelkerung' as dataset,
        person_key,
        reference_date as point_date,
        'stock' as point_kind,
        cast(null as varchar) as event_kind,
        block_id,
        move_in_date,
        birth_month
    from residents

),

events as (

    select
        record_key,
        'bewegungen' as dataset,
        person_key,
        event_date as point_date,
        case
            when event_code in ('GEB', 'ZUZ') then 'entry'
            when event_code = 'UMZ' then 'move'
            when event_code in ('FORT', 'TOD') then 'exit'
        end as point_kind,
        case event_code
            when 'GEB' then 'birth'
            when 'ZUZ' then 'moved_in'
            when 'UMZ' then 'moved_within'
            when 'FORT' then 'moved_away'
            when 'TOD' then 'died'
        end as event_kind,
        coalesce(new_block_id, previous_block_id) as block_id,
        cast(null as date) as move_in_date,
        birth_month
    from movements

),

points as (

    select * from stock
    union all
    select * from events

),

ordered as (

    select
        *,
        case point_kind
            when 'entry' then 1 when 'move' then 2 when 'stock' then 3 when 'exit' then 4
        end as same_day_order,
        lag(point_kind) over person_window as previous_kind
    from points
    window person_window as (
        partition by person_key
        order by
            point_date,
            case point_kind
                when 'entry' then 1 when 'move' then 2 when 'stock' then 3 when 'exit' then 4
            end,
            record_key
    )

),

flagged as (

    select
        *,
        point_kind = 'exit' and coalesce(previous_kind, 'exit') = 'exit' as is_orphan_exit,
        point_kind = 'entry'
        or (point_kind in ('move', 'stock') and coalesce(previous_kind, 'exit') = 'exit')
            as is_group_start
    from ordered

),

grouped as (

    select
        *,
        sum(case when is_group_start then 1 else 0 end) over (
            partition by person_key
            order by point_date, same_day_order, record_key
            rows between unbounded preceding and current row
        ) as group_number
    from flagged

),

group_facts as (

    select
        *,
        count(*) filter (where point_kind = 'stock') over group_window as group_stock_points,
        count(*) filter (where point_kind = 'exit' and not is_orphan_exit) over group_window
            as group_exit_points
    from grouped
    window group_window as (partition by person_key, group_number)

),

block_neighbours as (

    select
        *,
        row_number() over block_window as block_ordinal,
        lag(block_id) over block_window as previous_block_id
    from group_facts
    window block_window as (
        partition by person_key, group_number, point_kind = 'exit'
        order by point_date, same_day_order, record_key
    )

),

blocks as (

    select
        *,
        case
            when point_kind = 'exit' or is_orphan_exit then null
            when block_ordinal = 1 then 0
            when (previous_block_id is distinct from block_id) then 1
            else 0
        end as is_block_change
    from block_neighbours

),

segmented as (

    select
        record_key,
        dataset,
        person_key,
        point_date,
        point_kind,
        event_kind,
        block_id,
        move_in_date,
        birth_month,
        same_day_order,
        group_number,
        row_number() over (
            partition by person_key order by point_date, same_day_order, record_key
        ) as point_sequence,
        sum(coalesce(is_block_change, 0)) over (
            partition by person_key, group_number
            order by point_date, same_day_order, record_key
            rows between unbounded preceding and current row
        ) as segment_number,
        case
            when is_orphan_exit or group_number = 0 then 'exit_without_residence'
            when group_stock_points = 0 and group_exit_points = 0
                then 'events_without_register_stock'
        end as drop_reason
    from blocks

)

select * from segmented
