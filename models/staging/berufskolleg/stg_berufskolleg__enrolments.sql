with

xwalk_bildungsgang_iabe as (

    select
        bildungsgang_code,
        iabe_sector,
        iabe_account,
        is_iabe_entrant_sector
    from {{ ref('xwalk_bildungsgang_iabe') }}

),

xwalk_abschluss as (

    {{ certificate_crosswalk() }}

),

renamed as (

    select
        {{ leading_columns('berufskolleg') }},
        delivered.schuljahr as school_year,
        delivered.schulnr as school_id,
        delivered.bildungsgang as programme_code,
        xwalk_bildungsgang_iabe.iabe_sector,
        xwalk_bildungsgang_iabe.iabe_account,
        xwalk_bildungsgang_iabe.is_iabe_entrant_sector,
        delivered.jahrgang as grade,
        delivered.vorbildung as prior_certificate_code_delivered,
        xwalk_abschluss.certificate_code as prior_certificate_code,
        xwalk_abschluss.certificate_level as prior_certificate_level,
        xwalk_abschluss.certificate_level_rank as prior_certificate_level_rank,
        {{ code_to_boolean('delivered.ausbildungsvertrag', 'J', 'N') }}
            as has_training_contract,
        delivered.wohn_baublock as residence_block_id,
        {{ trailing_columns('berufskolleg') }}
    {{ from_delivered('berufskolleg') }}
    left join xwalk_bildungsgang_iabe
        on delivered.bildungsgang = xwalk_bildungsgang_iabe.bildungsgang_code
    left join xwalk_abschluss
        on delivered.vorbildung = xwalk_abschluss.abschluss_code

)

select * from renamed
