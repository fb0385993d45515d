with

renamed as (

    select
        {{ leading_columns('geometrie') }},
        delivered.baublock as block_id,
        cast(delivered.gueltig_ab as date) as valid_from,
        cast(delivered.gueltig_bis as date) as valid_to,
        delivered.geometrie as geometry_geojson,
        {{ trailing_columns('geometrie') }}
    {{ from_delivered('geometrie') }}

)

select * from renamed
