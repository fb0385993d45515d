with

source as (

    select * from {{ source('raw', 'schulen') }}

),

current_deliveries as (

    select delivery_id
    from {{ source('audit', 'current_deliveries') }}
    where dataset = 'schulen'

),

xwalk_schulform as (

    select
        schulform_code,
        school_type,
        school_stage
    from {{ ref('xwalk_schulform') }}

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
        delivered.schulnr as school_id,
        delivered.name as school_name,
        delivered.schulform as school_form_code,
        xwalk_schulform.school_type,
        xwalk_schulform.school_stage,
        {{ code_to_boolean('delivered.traegerschaft', 'P', 'O') }} as is_private,
        delivered.baublock as block_id,
        cast(delivered.gueltig_ab as date) as valid_from,
        cast(delivered.gueltig_bis as date) as valid_to,
        {{ record_hash('delivered', [
            'schulnr', 'name', 'schulform', 'traegerschaft', 'baublock', 'gueltig_ab',
            'gueltig_bis',
        ]) }} as record_hash
    from delivered
    left join xwalk_schulform
        on delivered.schulform = xwalk_schulform.schulform_code

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
