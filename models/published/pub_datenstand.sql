{#- One row per dataset and reference date that is in or awaited: the Datenstand (state of
    the data) in German, for the report, the exports and every reader of the published copy.
    Delivery-level facts only (files, dates, reasons): no person, no count of persons. -#}

with

delivery_status as (

    select
        dataset,
        reference_date,
        school_year,
        is_awaited,
        status_since_date,
        gap_kind,
        reason,
        current_file,
        rejected_file,
        dependent_indicator_codes
    from {{ ref('rpt_delivery_status') }}

),

labelled as (

    select
        dataset,
        reference_date,
        status_since_date as since_date,
        current_file,
        rejected_file,
        dependent_indicator_codes as dependent_indicators,
        cast(school_year as integer) as school_year,
        case when is_awaited then 'ausstehend' else 'geliefert' end as status,
        case gap_kind
            when 'missing' then 'fehlt'
            when 'rejected' then 'zurückgewiesen'
        end as gap_kind,
        case
            when gap_kind = 'missing' then 'keine Lieferung eingegangen'
            when gap_kind = 'rejected'
                then 'Lieferung zurückgewiesen: ' || coalesce(reason, 'ohne Angabe')
        end as reason
    from delivery_status

),

datenstand as (

    select
        dataset,
        reference_date,
        school_year,
        status,
        since_date,
        gap_kind,
        reason,
        current_file,
        rejected_file,
        dependent_indicators
    from labelled
    order by dataset, reference_date

)

select * from datenstand
