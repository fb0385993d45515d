with

xwalk_sex as (

    select
        source_code,
        sex
    from {{ ref('xwalk_sex') }}
    where source_system = 'register'

),

delivered as (

    {{ delivered_rows('bewegungen') }}

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
        {{ build_fingerprint() }} as build_fingerprint,
        {{ record_hash('delivered', [
            'pid', 'geburtsmonat', 'namen_clk', 'geschlecht', 'ereignis', 'datum',
            'baublock_alt', 'baublock_neu',
        ]) }} as record_hash
    from delivered
    left join xwalk_sex
        on delivered.geschlecht = xwalk_sex.source_code

),

flagged as (

    {{ flag_exact_duplicates('renamed') }}

)

select * from flagged
