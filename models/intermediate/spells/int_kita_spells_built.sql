with

children as (

    {{ linked_records('kita', [
        'reference_date', 'row_number', 'kita_id', 'care_type_code', 'is_childminder_care',
        'care_start_date', 'contracted_hours_per_week',
    ]) }}

),

kita_continuity as (

    select
        person_key,
        kita_id,
        count(distinct reference_date) as kita_deliveries
    from children
    group by person_key, kita_id

),

-- A child in two Kitas on one reference date: keep the Kita the child attends in more
-- deliveries (continuity), then the earlier delivered row; the other rows are dropped with
-- reason second_kita_on_reference_date and counted on the kept row.
ranked as (

    select
        children.*,
        row_number() over (
            partition by children.person_key, children.reference_date
            order by kita_continuity.kita_deliveries desc, children.row_number asc
        ) as record_rank,
        count(*) over (partition by children.person_key, children.reference_date)
        - 1 as dropped_record_count
    from children
    left join kita_continuity
        on
            children.person_key = kita_continuity.person_key
            and children.kita_id is not distinct from kita_continuity.kita_id

),

kept as (

    select * from ranked
    where record_rank = 1

),

spells as (

    select
        person_key,
        kita_id,
        care_type_code,
        care_start_date,
        bool_or(is_childminder_care) as is_childminder_care,
        min(reference_date) as first_reference_date,
        max(reference_date) as last_reference_date,
        arg_max(contracted_hours_per_week, reference_date) as contracted_hours,
        count(*) as record_count,
        sum(dropped_record_count) as dropped_record_count,
        list(record_key order by reference_date) as record_keys
    from kept
    group by person_key, kita_id, care_type_code, care_start_date

),

final as (

    select
        person_key,
        kita_id,
        care_type_code,
        care_start_date as entry_date,
        last_reference_date as exit_date,
        first_reference_date,
        last_reference_date,
        contracted_hours,
        record_count,
        dropped_record_count,
        record_keys,
        left(md5(
            person_key || '|' || coalesce(kita_id, '') || '|' || care_type_code || '|'
            || cast(care_start_date as varchar)
        ), 16) as kita_spell_key,
        case when is_childminder_care then 'tagespflege' else 'kita' end as care_type
    from spells

)

select * from final
