with

renamed as (

    select
        {{ person_columns('sgb2') }},
        delivered.jahr as benefit_year,
        delivered.monate_leistungsbezug as benefit_months,
        delivered.but_lernfoerderung as but_tutoring_months,
        delivered.but_mittagessen as but_lunch_months,
        delivered.but_ausfluege as but_school_trip_months,
        delivered.but_schulbedarf as but_school_supplies_months,
        delivered.but_teilhabe as but_participation_months,
        {{ content_hashes('sgb2') }}
    {{ from_delivered('sgb2') }}

),

flagged as (

    {{ flag_exact_duplicates('renamed') }}

)

select * from flagged
