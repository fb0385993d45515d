with

points as (

    select * from {{ ref('int_residence_points_collected') }}
    where drop_reason is null

),

register_end as (

    select max(reference_date) as last_register_date
    from {{ ref('stg_bevoelkerung__residents') }}

),

groups as (

    select
        person_key,
        group_number,
        arg_min(point_kind, point_sequence) as first_kind,
        arg_min(event_kind, point_sequence) as first_event_kind,
        min(point_date) as first_point_date,
        arg_min(move_in_date, point_sequence) as first_move_in_date,
        min(birth_month) as birth_month,
        max(point_date) filter (where point_kind = 'exit') as exit_date,
        max(event_kind) filter (where point_kind = 'exit') as exit_event_kind,
        max(point_date) as last_point_date,
        max(point_date) filter (where point_kind = 'stock') as last_stock_date
    from points
    group by person_key, group_number

),

group_bounds as (

    select
        groups.person_key,
        groups.group_number,
        case
            when groups.first_kind = 'entry' then groups.first_point_date
            when groups.first_kind = 'stock'
                then least(
                        groups.first_point_date,
                        coalesce(groups.first_move_in_date, groups.birth_month)
                    )
            else groups.first_point_date
        end as raw_start,
        case
            when groups.first_kind = 'entry' then groups.first_event_kind
            else 'first_seen'
        end as entry_kind,
        case
            when groups.exit_date is not null then groups.exit_date - 1
            when groups.last_point_date >= register_end.last_register_date
                then register_end.last_register_date
            else groups.last_point_date
        end as group_end,
        coalesce(groups.exit_event_kind, 'censored') as exit_kind,
        case
            when groups.exit_date is not null then null
            when groups.last_point_date >= register_end.last_register_date then 'end_of_data'
            else 'not_seen_again'
        end as censoring_reason
    from groups
    cross join register_end

),

group_starts as (

    select
        *,
        {#- a start read from zuzug_datum may reach back before the previous spell's end -#}
        greatest(
            raw_start,
            coalesce(
                lag(group_end) over (partition by person_key order by group_number) + 1,
                raw_start
            )
        ) as group_start
    from group_bounds

),

segments as (

    select
        person_key,
        group_number,
        segment_number,
        min(point_date) filter (where point_kind <> 'exit') as segment_first_date,
        arg_min(block_id, point_sequence) filter (where point_kind <> 'exit')
            as block_id,
        count(*) as record_count,
        list(record_key order by point_sequence) as record_keys
    from points
    group by person_key, group_number, segment_number

),

spells as (

    select
        segments.person_key,
        segments.group_number,
        segments.segment_number,
        segments.block_id,
        segments.record_count,
        segments.record_keys,
        case
            when segments.segment_number = 0 then group_starts.group_start
            else segments.segment_first_date
        end as spell_start,
        coalesce(
            lead(segments.segment_first_date) over segment_window - 1,
            group_starts.group_end
        ) as spell_end,
        case
            when segments.segment_number = 0 then group_starts.entry_kind
            else 'moved_within'
        end as entry_kind,
        case
            when lead(segments.segment_number) over segment_window is not null
                then 'moved_within'
            else group_starts.exit_kind
        end as exit_kind,
        case
            when lead(segments.segment_number) over segment_window is null
                then group_starts.censoring_reason
        end as censoring_reason
    from segments
    inner join group_starts
        on {{ join_on('segments', 'group_starts', ['person_key', 'group_number']) }}
    window segment_window as (
        partition by segments.person_key, segments.group_number
        order by segments.segment_number
    )

),

final as (

    select
        person_key,
        group_number as residence_number,
        segment_number as block_segment_number,
        spell_start,
        spell_end,
        block_id,
        entry_kind,
        exit_kind,
        censoring_reason,
        record_count,
        record_keys,
        person_key || ':' || cast(group_number as varchar) || ':'
        || cast(segment_number as varchar) as residence_spell_key
    from spells

)

select * from final
