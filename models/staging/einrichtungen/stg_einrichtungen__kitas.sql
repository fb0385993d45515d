with

delivered as (

    {{ delivered_rows('einrichtungen') }}

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

    {{ flag_exact_duplicates('renamed') }}

),

final as (

    select
        *,
        reference_date = max(reference_date) over () as is_latest_snapshot
    from flagged

)

select * from final
