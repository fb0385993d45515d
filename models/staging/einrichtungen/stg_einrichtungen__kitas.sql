with

renamed as (

    select
        {{ leading_columns('einrichtungen') }},
        delivered.einrichtung_nr as kita_id,
        delivered.name as kita_name,
        delivered.traeger as provider_type_code,
        delivered.baublock as block_id,
        delivered.plaetze as places,
        cast(delivered.gueltig_ab as date) as valid_from,
        cast(delivered.gueltig_bis as date) as valid_to,
        {{ trailing_columns('einrichtungen') }}
    {{ from_delivered('einrichtungen') }}

)

select * from renamed
