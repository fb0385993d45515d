with

renamed as (

    select
        {{ leading_columns('kita') }},
        delivered.einrichtung_nr as kita_id,
        delivered.betreuungsart as care_type_code,
        {{ code_to_boolean('delivered.betreuungsart', '2', '1') }} as is_childminder_care,
        cast(delivered.betreut_seit as date) as care_start_date,
        {{ code_to_boolean('delivered.auslaendische_herkunft', '1', '2') }}
            as has_parent_of_foreign_origin,
        {{ code_to_boolean('delivered.familiensprache', '1', '2') }} as is_family_language_german,
        cast(delivered.betreuungszeit as integer) as contracted_hours_per_week,
        {{ code_to_boolean('delivered.eingliederungshilfe', '1', '2') }}
            as has_integration_assistance,
        {{ trailing_columns('kita') }}
    {{ from_delivered('kita') }}

)

select * from renamed
