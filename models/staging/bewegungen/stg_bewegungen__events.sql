with

renamed as (

    select
        {{ leading_columns('bewegungen') }},
        delivered.ereignis as event_code,
        cast(delivered.datum as date) as event_date,
        delivered.baublock_alt as previous_block_id,
        delivered.baublock_neu as new_block_id,
        {{ trailing_columns('bewegungen') }}
    {{ from_delivered('bewegungen') }}

)

select * from renamed
