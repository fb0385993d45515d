with

xwalk_sex as (

    select
        source_code,
        sex
    from {{ ref('xwalk_sex') }}
    where source_system = 'register'

),

delivered as (

    {{ delivered_rows('bevoelkerung') }}

),

renamed as (

    select
        {{ provenance_columns('delivered') }},
        delivered.pid as pseudonym,
        delivered.namen_clk as name_bloom_filter,
        cast(delivered.geburtsmonat as date) as birth_month,
        delivered.geschlecht as sex_code,
        xwalk_sex.sex,
        delivered.staatsangehoerigkeit as nationality_code,
        delivered.staatsangehoerigkeit = 'DEU' as is_german_national,
        delivered.migrationshintergrund as migration_background_code,
        delivered.baublock as block_id,
        cast(delivered.zuzug_datum as date) as move_in_date,
        {{ build_fingerprint() }} as build_fingerprint,
        {{ record_hash('delivered', [
            'pid', 'geburtsmonat', 'namen_clk', 'geschlecht', 'staatsangehoerigkeit',
            'migrationshintergrund', 'baublock', 'zuzug_datum',
        ]) }} as record_hash
    from delivered
    left join xwalk_sex
        on delivered.geschlecht = xwalk_sex.source_code

),

flagged as (

    {{ flag_exact_duplicates('renamed') }}

)

select * from flagged
