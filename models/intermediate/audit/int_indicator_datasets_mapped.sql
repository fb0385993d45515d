{#- One row per indicator and dataset it is computed from: the catalogue's `source` labels
    (comma-separated) mapped to datasets through seed xwalk_indicator_source_dataset. A label
    the crosswalk lacks keeps its row with a null dataset, which the not_null test reports. -#}

with

catalogue as (

    select
        indicator_code,
        source
    from {{ ref('indicator_catalogue') }}

),

source_labels as (

    select distinct
        indicator_code,
        trim(unnest(string_split(source, ','))) as source_label
    from catalogue

),

label_datasets as (

    select
        source_label,
        dataset
    from {{ ref('xwalk_indicator_source_dataset') }}

),

indicator_datasets as (

    select distinct
        source_labels.indicator_code,
        label_datasets.dataset
    from source_labels
    left join label_datasets
        on source_labels.source_label = label_datasets.source_label

)

select * from indicator_datasets
