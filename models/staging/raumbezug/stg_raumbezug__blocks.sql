with

renamed as (

    select
        {{ leading_columns('raumbezug') }},
        delivered.baublock as block_id,
        delivered.statistischer_bezirk as statistical_district_id,
        delivered.stadtbezirk as city_district_id,
        delivered.sozialraum as social_area_id,
        delivered.grundschulbezirk as primary_catchment_id,
        delivered.wahlbezirk as polling_district_id,
        cast(delivered.gueltig_ab as date) as valid_from,
        cast(delivered.gueltig_bis as date) as valid_to,
        {{ trailing_columns('raumbezug') }}
    {{ from_delivered('raumbezug') }}

)

select * from renamed
