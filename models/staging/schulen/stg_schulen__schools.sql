with

xwalk_schulform as (

    {{ school_form_crosswalk() }}

),

renamed as (

    select
        {{ leading_columns('schulen') }},
        delivered.schulnr as school_id,
        delivered.name as school_name,
        delivered.schulform as school_form_code,
        xwalk_schulform.school_type,
        xwalk_schulform.school_stage,
        {{ code_to_boolean('delivered.traegerschaft', 'P', 'O') }} as is_private,
        delivered.baublock as block_id,
        cast(delivered.gueltig_ab as date) as valid_from,
        cast(delivered.gueltig_bis as date) as valid_to,
        {{ trailing_columns('schulen') }}
    {{ from_delivered('schulen') }}
    left join xwalk_schulform
        on delivered.schulform = xwalk_schulform.schulform_code

)

select * from renamed
