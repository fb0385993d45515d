with

delivered as (

    {{ delivered_rows('raumbezug') }}

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

    {{ flag_exact_duplicates('renamed') }}

),

final as (

    select
        *,
        reference_date = max(reference_date) over () as is_latest_snapshot
    from flagged

)

select * from final
