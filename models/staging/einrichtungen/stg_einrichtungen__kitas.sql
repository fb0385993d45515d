with

source as (

    select * from {{ source('raw', 'einrichtungen') }}

),

current_deliveries as (

    select delivery_id
    from {{ source('audit', 'current_deliveries') }}
    where dataset = 'einrichtungen'

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
        delivered.einrichtung_nr as kita_id,
        delivered.name as kita_name,
        delivered.traeger as provider_type_code,
        delivered.baublock as block_id,
        delivered.plaetze as places,
        cast(delivered.gueltig_ab as date) as valid_from,
        cast(delivered.gueltig_bis as date) as valid_to,
        {{ record_hash('delivered', [
            'einrichtung_nr', 'name', 'traeger', 'baublock', 'plaetze', 'gueltig_ab',
            'gueltig_bis',
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
