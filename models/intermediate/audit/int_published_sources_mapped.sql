{#- One row per part of a published table (an indicator, a transition stage pair, a pathway
    step), breakdown, dataset it is computed from and school-year offset of the reference dates
    it reads: the declarations behind the gap marking (rpt_awaited_cells). Indicators take
    their datasets from the catalogue's `source` (int_indicator_datasets_mapped) and their
    years from its `source_years` ("y-1, y": the reference dates in school years y-1 and y
    feed the value of year y); stage pairs and pathway steps from seed
    published_table_sources; a breakdown (a subgroup, an area level) of every indicator and
    stage pair reads the datasets of seed xwalk_breakdown_source. `path` (pathways) has no
    fixed offset: the years a cohort group's paths span decide (rpt_awaited_cells). -#}

with

catalogue as (

    select
        indicator_code,
        -- a catalogue row without source_years reads the reference dates of its own year
        coalesce(nullif(trim(source_years), ''), 'y') as source_years
    from {{ ref('indicator_catalogue') }}

),

indicator_datasets as (

    select
        indicator_code,
        dataset
    from {{ ref('int_indicator_datasets_mapped') }}

),

table_sources as (

    select
        published_table,
        table_part,
        source,
        source_years
    from {{ ref('published_table_sources') }}

),

breakdown_sources as (

    select
        breakdown_column,
        breakdown_value,
        source,
        source_years
    from {{ ref('xwalk_breakdown_source') }}

),

label_datasets as (

    select
        source_label,
        dataset
    from {{ ref('xwalk_indicator_source_dataset') }}

),

indicator_parts as (

    select
        'pub_indicators' as published_table,
        indicator_datasets.indicator_code as table_part,
        'alle' as breakdown_column,
        'alle' as breakdown_value,
        indicator_datasets.dataset,
        catalogue.source_years
    from indicator_datasets
    inner join catalogue
        on indicator_datasets.indicator_code = catalogue.indicator_code

),

parts_with_breakdowns as (

    -- indicators and transition tables are broken down by subgroup and area level
    select
        'pub_indicators' as published_table,
        indicator_code as table_part
    from catalogue
    union all
    select
        published_table,
        table_part
    from table_sources
    where published_table = 'pub_transition_tables'

),

labelled_parts as (

    select
        published_table,
        table_part,
        'alle' as breakdown_column,
        'alle' as breakdown_value,
        source,
        source_years
    from table_sources
    union all
    select
        parts_with_breakdowns.published_table,
        parts_with_breakdowns.table_part,
        breakdown_sources.breakdown_column,
        breakdown_sources.breakdown_value,
        breakdown_sources.source,
        breakdown_sources.source_years
    from parts_with_breakdowns
    cross join breakdown_sources

),

source_labels as (

    select
        {{ grain_columns('published_part') }},
        source_years,
        trim(unnest(string_split(source, ','))) as source_label
    from labelled_parts

),

labelled_datasets as (

    -- a label the crosswalk lacks keeps its row with a null dataset (not_null test)
    select
        {{ grain_columns('published_part', 'source_labels') }},
        label_datasets.dataset,
        source_labels.source_years
    from source_labels
    left join label_datasets
        on source_labels.source_label = label_datasets.source_label

),

part_datasets as (

    select * from indicator_parts
    union all
    select * from labelled_datasets

),

year_labels as (

    select
        {{ grain_columns('published_part') }},
        dataset,
        trim(unnest(string_split(source_years, ','))) as year_label
    from part_datasets

),

mapped as (

    select distinct
        {{ grain_columns('published_part') }},
        dataset,
        year_label,
        -- "y" -> 0, "y-1" -> -1, "y+1" -> 1; "path" -> null (the cohort group's span)
        case
            when year_label <> 'path'
                then cast(coalesce(nullif(replace(year_label, 'y', ''), ''), '0') as integer)
        end as year_offset
    from year_labels

)

select * from mapped
