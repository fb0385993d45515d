with

renamed as (

    select
        {{ leading_columns('bevoelkerung') }},
        delivered.staatsangehoerigkeit as nationality_code,
        delivered.staatsangehoerigkeit = 'DEU' as is_german_national,
        delivered.migrationshintergrund as migration_background_code,
        delivered.baublock as block_id,
        cast(delivered.zuzug_datum as date) as move_in_date,
        {{ trailing_columns('bevoelkerung') }}
    {{ from_delivered('bevoelkerung') }}

)

select * from renamed
