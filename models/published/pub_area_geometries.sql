{# One row per area level and area with an outline for maps: the current small-area geography
    dissolved from the statistics office's block geometry (marts.dim_area_geometries). Public
    geometry and area facts only; empty when no geometry has been delivered (the report then
    draws tile maps). #}
with

areas as (

    select
        area_level,
        area_id,
        is_complete,
        area_m2,
        geometry_reference_date,
        geometry_geojson
    from {{ ref('dim_area_geometries') }}

),

final as (

    select
        area_level,
        area_id,
        {{ area_name('area_level', 'area_id') }} as area_name,
        geometry_reference_date as reference_date,
        round(area_m2 / 1e6, 2) as area_km2,
        is_complete,
        'EPSG:25832' as crs,
        geometry_geojson as geometry  -- noqa: RF04
    from areas

)

select * from final
