with

benefits as (

    {{ linked_records('sgb2', [
        'reference_date', 'row_number', 'benefit_year', 'benefit_months',
        'but_tutoring_months', 'but_lunch_months', 'but_school_trip_months',
        'but_school_supplies_months', 'but_participation_months',
    ]) }}

),

-- Two rows for one person and year: keep the one with the most benefit months, then the
-- earlier delivered row; the others are counted (second_row_in_benefit_year).
ranked as (

    select
        *,
        row_number() over (
            partition by person_key, benefit_year
            order by benefit_months desc, row_number asc
        ) as record_rank,
        count(*) over (partition by person_key, benefit_year) - 1 as dropped_record_count
    from benefits

),

final as (

    select
        person_key,
        benefit_year as year,
        reference_date,
        record_key,
        benefit_months,
        but_tutoring_months,
        but_lunch_months,
        but_school_trip_months,
        but_school_supplies_months,
        but_participation_months,
        dropped_record_count,
        person_key || ':' || cast(benefit_year as varchar) as person_year_key
    from ranked
    where record_rank = 1

)

select * from final
