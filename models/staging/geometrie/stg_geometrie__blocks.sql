with

renamed as (

    select
        {{ provenance_columns('delivered') }},
        delivered.baublock as block_id,
        cast(delivered.gueltig_ab as date) as valid_from,
        cast(delivered.gueltig_bis as date) as valid_to,
        delivered.geometrie as geometry_geojson,
        {{ content_hashes('geometrie') }}
    {{ from_delivered('geometrie') }}

),

flagged as (

    {{ flag_exact_duplicates('renamed') }}

),

final as (

    {{ latest_snapshot_flag('flagged') }}

)

select * from final
