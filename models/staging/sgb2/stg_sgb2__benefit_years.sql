with

renamed as (

    select
        {{ leading_columns('sgb2') }},
        delivered.jahr as benefit_year,
        delivered.monate_leistungsbezug as benefit_months,
        delivered.but_lernfoerderung as but_tutoring_months,
        delivered.but_mittagessen as but_lunch_months,
        delivered.but_ausfluege as but_school_trip_months,
        delivered.but_schulbedarf as but_school_supplies_months,
        delivered.but_teilhabe as but_participation_months,
        {{ trailing_columns('sgb2') }}
    {{ from_delivered('sgb2') }}

)

select * from renamed
