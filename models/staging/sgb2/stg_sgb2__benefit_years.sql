with

source as (

    select * from {{ source('raw', 'sgb2') }}

),

current_deliveries as (

    select delivery_id
    from {{ source('audit', 'current_deliveries') }}
    where dataset = 'sgb2'

),

delivered as (

    select source.*
    from source
    inner join current_deliveries
        on source._delivery_id = current_deliveries.delivery_id

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
        {{ record_hash('delivered', [
            'pid', 'geburtsmonat', 'namen_clk', 'jahr', 'monate_leistungsbezug',
            'but_lernfoerderung', 'but_mittagessen', 'but_ausfluege', 'but_schulbedarf',
            'but_teilhabe',
        ]) }} as record_hash
    from delivered

),

flagged as (

    select
        *,
        row_number() over (
            partition by delivery_id, record_hash order by row_number
        ) as duplicate_ordinal
    from renamed

),

final as (

    select
        *,
        duplicate_ordinal > 1 as is_exact_duplicate
    from flagged

)

select * from final
