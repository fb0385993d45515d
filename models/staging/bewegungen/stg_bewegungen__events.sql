with

renamed as (

    select
        {{ person_columns('bewegungen') }},
        delivered.ereignis as event_code,
        cast(delivered.datum as date) as event_date,
        delivered.baublock_alt as previous_block_id,
        delivered.baublock_neu as new_block_id,
        {{ content_hashes('bewegungen') }}
    {{ from_delivered('bewegungen') }}

),

flagged as (

    {{ flag_exact_duplicates('renamed') }}

)

select * from flagged
