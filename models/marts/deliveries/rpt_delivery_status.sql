{#- One row per dataset and reference date that is in (a current delivery) or awaited (an
    open gap): the Datenstand. A date with a current delivery and an open gap (a rejected
    correction of a loaded delivery) is awaited: the values built from it may change when the
    correction arrives. -#}

with

current_deliveries as (

    select
        dataset,
        reference_date,
        source_file,
        cast(loaded_at as date) as loaded_date
    from {{ ref('int_deliveries_reconciled') }}

),

open_gaps as (

    select
        dataset,
        reference_date,
        gap_kind,
        source_file,
        reason,
        opened_date,
        dependent_indicator_codes
    from {{ ref('int_delivery_gaps_listed') }}
    where not is_closed

),

gaps_by_date as (

    -- several open gaps of one date (a file rejected twice): awaited since the first, the
    -- newest says why
    select
        dataset,
        reference_date,
        min(opened_date) as awaited_since_date,
        arg_max(gap_kind, opened_date) as gap_kind,
        arg_max(source_file, opened_date) as rejected_file,
        arg_max(reason, opened_date) as reason,
        any_value(dependent_indicator_codes) as dependent_indicator_codes,
        count(*) as open_gaps
    from open_gaps
    group by dataset, reference_date

),

dates as (

    select
        dataset,
        reference_date
    from current_deliveries
    union
    select
        dataset,
        reference_date
    from gaps_by_date

),

delivery_status as (

    select
        dates.dataset,
        dates.reference_date,
        {{ school_year_of('dates.reference_date') }} as school_year,
        coalesce(gaps_by_date.open_gaps, 0) > 0 as is_awaited,
        case
            when gaps_by_date.dataset is not null then gaps_by_date.awaited_since_date
            else current_deliveries.loaded_date
        end as status_since_date,
        gaps_by_date.gap_kind,
        gaps_by_date.reason,
        current_deliveries.source_file as current_file,
        gaps_by_date.rejected_file,
        gaps_by_date.dependent_indicator_codes
    from dates
    left join current_deliveries
        on {{ join_on('dates', 'current_deliveries', 'delivery_date') }}
    left join gaps_by_date
        on {{ join_on('dates', 'gaps_by_date', 'delivery_date') }}

)

select * from delivery_status
