with

delivered as (

    {{ delivered_rows('sgb2') }}

),

renamed as (

    select
        {{ provenance_columns('delivered') }},
        delivered.pid as pseudonym,
        delivered.namen_clk as name_bloom_filter,
        cast(delivered.geburtsmonat as date) as birth_month,
        delivered.jahr as benefit_year,
        delivered.monate_leistungsbezug as benefit_months,
        delivered.but_lernfoerderung as but_tutoring_months,
        delivered.but_mittagessen as but_lunch_months,
        delivered.but_ausfluege as but_school_trip_months,
        delivered.but_schulbedarf as but_school_supplies_months,
        delivered.but_teilhabe as but_participation_months,
        {{ build_fingerprint() }} as build_fingerprint,
        {{ record_hash('delivered', [
            'pid', 'geburtsmonat', 'namen_clk', 'jahr', 'monate_leistungsbezug',
            'but_lernfoerderung', 'but_mittagessen', 'but_ausfluege', 'but_schulbedarf',
            'but_teilhabe',
        ]) }} as record_hash
    from delivered

),

flagged as (

    {{ flag_exact_duplicates('renamed') }}

)

select * from flagged
