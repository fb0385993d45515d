{#- One row per published table, table part (indicator code, stage pair, pathway step),
    period (indicator year, transition cohort, pathway cohort group) and breakdown whose cells
    may change when an awaited delivery arrives: an open gap of a dataset the part is computed
    from, at a reference date in a school year the part reads for that period. The published
    layer shows these cells as `…` (Angabe fällt später an). Derived from the declared sources
    and reference years (int_published_sources_mapped), never from a list of cells; a pathway
    step of a cohort group depends on a gap in the school years from the first step start of
    its persons to the last year any of them is in view. -#}

with

open_gaps as (

    select
        dataset,
        reference_date,
        cast(school_year as integer) as school_year
    from {{ ref('int_delivery_gaps_listed') }}
    where not is_closed

),

part_sources as (

    select
        {{ grain_columns('published_part') }},
        dataset,
        year_offset
    from {{ ref('int_published_sources_mapped') }}

),

trajectories as (

    select
        birth_cohort,
        school_entry_year,
        grade5_school_year,
        first_certificate_school_year,
        last_school_year_in_view,
        cast((birth_cohort // 5) * 5 as integer) as group_start
    from {{ ref('pnl_person_trajectories') }}
    -- the persons pub_pathways draws
    where school_entry_year is not null and birth_cohort is not null

),

group_spans as (

    select
        cast(group_start as varchar) || '-' || cast(group_start + 4 as varchar) as cohort_group,
        min(birth_cohort) as care_start_year,
        min(school_entry_year) as entry_year,
        min(grade5_school_year) as grade5_year,
        min(first_certificate_school_year) as certificate_year,
        max(last_school_year_in_view) as last_year
    from trajectories
    group by group_start

),

pathway_spans as (

    -- per cohort group and step: from the first year any person starts the step (care from
    -- birth, then school entry, grade 5, the first certificate) to the last year in view
    select
        cohort_group,
        last_year,
        unnest(['1', '2', '3', '4']) as step,
        unnest([care_start_year, entry_year, grade5_year, certificate_year]) as first_year
    from group_spans

),

awaited as (

    -- a gap in school year s awaits period y of a yearly part that reads year y + offset = s,
    -- and every cohort group of a pathway step whose span holds s
    select
        {{ grain_columns('published_part', 'part_sources') }},
        open_gaps.dataset,
        open_gaps.reference_date,
        case
            when part_sources.year_offset is null then pathway_spans.cohort_group
            else cast(open_gaps.school_year - part_sources.year_offset as varchar)
        end as period
    from part_sources
    inner join open_gaps
        on part_sources.dataset = open_gaps.dataset
    left join pathway_spans
        on
            part_sources.year_offset is null
            and part_sources.table_part = pathway_spans.step
            and open_gaps.school_year between pathway_spans.first_year and pathway_spans.last_year
    where part_sources.year_offset is not null or pathway_spans.cohort_group is not null

),

awaited_cells as (

    select
        published_table,
        table_part,
        period,
        breakdown_column,
        breakdown_value,
        string_agg(
            distinct dataset || ' ' || cast(reference_date as varchar), ', '
            order by dataset || ' ' || cast(reference_date as varchar)
        ) as awaited_deliveries,
        count(distinct dataset || ' ' || cast(reference_date as varchar)) as awaited_delivery_count
    from awaited
    group by published_table, table_part, period, breakdown_column, breakdown_value

)

select * from awaited_cells
