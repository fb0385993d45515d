with

xwalk_schulform as (

    {{ school_form_crosswalk() }}

),

xwalk_abschluss as (

    {{ certificate_crosswalk() }}

),

renamed as (

    select
        {{ leading_columns('abgaenge') }},
        {{ school_form_columns() }},
        cast(delivered.abgang_datum as date) as leaving_date,
        delivered.abschluss as certificate_code_delivered,
        xwalk_abschluss.certificate_code,
        xwalk_abschluss.certificate_level,
        xwalk_abschluss.certificate_level_rank,
        xwalk_abschluss.is_without_certificate,
        xwalk_abschluss.is_outdated_label as is_certificate_label_outdated,
        delivered._stichtag between xwalk_abschluss.valid_from and xwalk_abschluss.valid_to
            as is_certificate_label_in_period,
        delivered.abgang_art as leaving_kind_code,
        {{ trailing_columns('abgaenge') }}
    {{ from_delivered('abgaenge') }}
    left join xwalk_schulform
        on delivered.schulform = xwalk_schulform.schulform_code
    left join xwalk_abschluss
        on delivered.abschluss = xwalk_abschluss.abschluss_code

)

select * from renamed
