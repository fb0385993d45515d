{#- One row per delivery gap, open or closed: a reference date of a person-level dataset in
    the municipality's span of delivered years without any delivery (missing), or a file that
    was rejected (rejected, with its reason). A rejected file is closed by a later loaded
    delivery of the same dataset and date (a corrected re-delivery _L<n>, or the same name
    with new bytes); a rejected directory snapshot also by a newer loaded snapshot, which
    holds every validity period. Closed gaps stay listed: they are the Datenstand's history;
    only open ones are awaited. -#}

with

deliveries as (

    select * from {{ ref('stg_audit__deliveries') }}
    where status <> 'duplicate'

),

indicator_datasets as (

    select
        indicator_code,
        dataset
    from {{ ref('int_indicator_datasets_mapped') }}

),

reference_days as (

    {#- month and day of each person-level dataset's reference date (spec.py, registry) -#}
    {% for dataset, entry in dataset_registry().items() if entry.person_level %}
        select
            '{{ dataset }}' as dataset,
            {{ entry.reference[0] }} as reference_month,
            {{ entry.reference[1] }} as reference_day
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

delivered_years as (

    -- the calendar year of the reference date: the year an agency names a delivery by
    select distinct
        deliveries.dataset,
        year(deliveries.reference_date) as reference_year
    from deliveries
    inner join reference_days
        on deliveries.dataset = reference_days.dataset

),

municipality_years as (

    select
        min(reference_year) as first_year,
        max(reference_year) as last_year
    from delivered_years

),

expected_years as (

    select unnest(generate_series(first_year, last_year)) as reference_year
    from municipality_years
    where first_year is not null

),

expected_dates as (

    select
        reference_days.dataset,
        expected_years.reference_year,
        make_date(
            expected_years.reference_year,
            reference_days.reference_month,
            reference_days.reference_day
        ) as reference_date
    from reference_days
    cross join expected_years

),

missing_gaps as (

    select
        expected_dates.dataset,
        expected_dates.reference_date,
        'missing' as gap_kind,
        cast(null as varchar) as delivery_id,
        cast(null as varchar) as source_file,
        cast(null as varchar) as reason,
        expected_dates.reference_date as opened_date,
        cast(null as varchar) as closed_by_delivery_id,
        cast(null as date) as closed_date
    from expected_dates
    left join delivered_years
        on {{ join_on('expected_dates', 'delivered_years', ['dataset', 'reference_year']) }}
    where delivered_years.dataset is null

),

rejected_files as (

    select
        delivery_id,
        dataset,
        reference_date,
        delivery_number,
        source_file,
        reason,
        seen_at,
        dataset in ({{ "'" ~ dataset_names(person_level=false) | join("', '") ~ "'" }})
            as is_directory
    from deliveries
    where status = 'rejected'

),

loaded_files as (

    -- a superseded delivery was loaded before a later correction replaced it
    select
        delivery_id,
        dataset,
        reference_date,
        delivery_number,
        seen_at,
        coalesce(loaded_at, seen_at) as loaded_at
    from deliveries
    where status in ('loaded', 'superseded')

),

closing_deliveries as (

    -- a later delivery of the same date (a higher _L<n>, or the same name with new bytes
    -- seen later); for a directory, also a newer snapshot
    select
        rejected_files.delivery_id as rejected_delivery_id,
        loaded_files.delivery_id as closed_by_delivery_id,
        loaded_files.loaded_at
    from rejected_files
    inner join loaded_files
        on rejected_files.dataset = loaded_files.dataset
    where
        (
            rejected_files.reference_date = loaded_files.reference_date
            and (
                rejected_files.delivery_number < loaded_files.delivery_number
                or (
                    rejected_files.delivery_number = loaded_files.delivery_number
                    and rejected_files.seen_at < loaded_files.seen_at
                )
            )
        )
        or (
            rejected_files.is_directory
            and rejected_files.reference_date < loaded_files.reference_date
        )

),

first_closing_deliveries as (

    select
        rejected_delivery_id,
        closed_by_delivery_id,
        loaded_at
    from closing_deliveries
    qualify row_number() over (
            partition by rejected_delivery_id
            order by loaded_at asc, closed_by_delivery_id asc
        ) = 1

),

rejected_gaps as (

    select
        rejected_files.dataset,
        rejected_files.reference_date,
        'rejected' as gap_kind,
        rejected_files.delivery_id,
        rejected_files.source_file,
        rejected_files.reason,
        cast(rejected_files.seen_at as date) as opened_date,
        first_closing_deliveries.closed_by_delivery_id,
        cast(first_closing_deliveries.loaded_at as date) as closed_date
    from rejected_files
    left join first_closing_deliveries
        on rejected_files.delivery_id = first_closing_deliveries.rejected_delivery_id

),

gaps as (

    select * from missing_gaps
    union all
    select * from rejected_gaps

),

dependent_indicators as (

    select
        dataset,
        string_agg(indicator_code, ', ' order by indicator_code) as dependent_indicator_codes
    from indicator_datasets
    group by dataset

),

listed as (

    select
        gaps.dataset || ':' || cast(gaps.reference_date as varchar) || ':'
        || coalesce(gaps.delivery_id, 'missing') as gap_id,
        gaps.dataset,
        gaps.reference_date,
        {{ school_year_of('gaps.reference_date') }} as school_year,
        gaps.gap_kind,
        gaps.delivery_id,
        gaps.source_file,
        gaps.reason,
        gaps.opened_date,
        gaps.closed_by_delivery_id is not null as is_closed,
        gaps.closed_by_delivery_id,
        gaps.closed_date,
        dependent_indicators.dependent_indicator_codes
    from gaps
    left join dependent_indicators
        on gaps.dataset = dependent_indicators.dataset

)

select * from listed
