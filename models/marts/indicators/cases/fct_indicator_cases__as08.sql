{# AS08 Abgängerinnen und Abgänger nach Abschluss: one row per person leaving a general school
    with a certificate event in school year y (up to 31 July y+1), by the report group of the
    highest certificate of the year (seed xwalk_certificate_report_group; others 'sonstige').
    Counted by school: leavers need not be resident. #}
with

leaving_events as (

    select
        leavers.person_key,
        leavers.school_year,
        coalesce(report_groups.certificate_group, 'sonstige') as certificate_group,
        row_number() over (
            partition by leavers.person_key, leavers.school_year
            order by leavers.certificate_level_rank desc nulls last, leavers.leaving_event_key asc
        ) as leaving_rank
    from {{ ref('int_school_leavers_classified') }} as leavers
    left join {{ ref('xwalk_certificate_report_group') }} as report_groups
        on leavers.certificate_key = report_groups.certificate_code
    where leavers.certificate_key is not null

),

cases as (

    select  -- noqa: ST06
        'AS08' as indicator_code,
        school_year as year,
        person_key,
        lower(certificate_group) as category,
        true as is_counted
    from leaving_events
    where leaving_rank = 1

)

select * from cases
