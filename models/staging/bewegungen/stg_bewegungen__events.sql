with

source as (

    select * from {{ source('raw', 'bewegungen') }}

),

current_deliveries as (

    select delivery_id
    from {{ source('audit', 'current_deliveries') }}
    where dataset = 'bewegungen'

),

xwalk_sex as (

    select
        source_code,
        sex
    from {{ ref('xwalk_sex') }}
    where source_system = 'register'

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
        delivered.pid as pseudonym,
        delivered.namen_clk as name_bloom_filter,
        cast(delivered.geburtsmonat as date) as birth_month,
        delivered.geschlecht as sex_code,
        xwalk_sex.sex,
        delivered.ereignis as event_code,
        cast(delivered.datum as date) as event_date,
        delivered.baublock_alt as previous_block_id,
        delivered.baublock_neu as new_block_id,
        {{ record_hash('delivered', [
            'pid', 'geburtsmonat', 'namen_clk', 'geschlecht', 'ereignis', 'datum',
            'baublock_alt', 'baublock_neu',
        ]) }} as record_hash
    from delivered
    left join xwalk_sex
        on delivered.geschlecht = xwalk_sex.source_code

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
        duplicate_ordinal > 1 as is_exact_duplicate
    from flagged

)

select * from final
