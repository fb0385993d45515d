with

dissolved as (

    select
        area_level,
        area_id,
        block_count,
        blocks_with_geometry,
        area_m2,
        geometry_reference_date,
        geometry_geojson
    from {{ ref('int_area_geometries_dissolved') }}

),

final as (

    select
        *,
        blocks_with_geometry = block_count as is_complete
    from dissolved

)

select * from final
