with

source as (

    select * from {{ source('raw', 'raumbezug') }}

),

current_deliveries as (

    select delivery_id
    from {{ source('audit', 'current_deliveries') }}
    where dataset = 'raumbezug'

),

delivered as (

    select source.*
    from source
    inner join current_deliveries
        on source._delivery_id = current_deliveries.delivery_id

),

renamed as (

    select
        {{ provenance_columns('delivered') }},
        delivered.baublock as block_id,
        delivered.statistischer_bezirk as statistical_district_id,
        delivered.stadtbezirk as city_district_id,
        delivered.sozialraum as social_area_id,
        delivered.grundschulbezirk as primary_catchment_id,
        delivered.wahlbezirk as polling_district_id,
        cast(delivered.gueltig_ab as date) as valid_from,
        cast(delivered.gueltig_bis as date) as valid_to,
        {{ record_hash('delivered', [
            'baublock', 'statistischer_bezirk', 'stadtbezirk', 'sozialraum',
            'grundschulbezirk', 'wahlbezirk', 'gueltig_ab', 'gueltig_bis',
        ]) }} as record_hash
    from delivered

),

flagged as (

    select
        *,
        row_number() over (
            partition by delivery_id, record_hash order by row_number
        ) as duplicate_ordinal
    from renamed

),

final as (

    select
        *,
        reference_date = max(reference_date) over () as is_latest_snapshot,
        duplicate_ordinal > 1 as is_exact_duplicate
    from flagged

)

select * from final
