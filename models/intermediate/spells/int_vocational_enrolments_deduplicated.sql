with

pupils as (

    {{ linked_records('berufskolleg', [
        'reference_date', 'row_number', 'school_year', 'school_id', 'programme_code',
        'iabe_sector', 'iabe_account', 'is_iabe_entrant_sector', 'grade',
        'prior_certificate_code', 'prior_certificate_level', 'has_training_contract',
        'residence_block_id',
    ]) }}

),

-- The same programme twice in one school year: keep the higher programme year, then the
-- earlier delivered row; the others are counted (second_enrolment_in_programme).
ranked as (

    select
        *,
        row_number() over (
            partition by person_key, school_year, programme_code
            order by grade desc, row_number asc
        ) as record_rank,
        count(*) over (partition by person_key, school_year, programme_code) - 1
            as dropped_record_count
    from pupils

),

final as (

    select
        person_key,
        school_year,
        reference_date,
        record_key,
        school_id,
        programme_code as programme,
        iabe_sector,
        iabe_account,
        is_iabe_entrant_sector,
        grade as programme_year,
        prior_certificate_code,
        prior_certificate_level,
        has_training_contract,
        residence_block_id,
        dropped_record_count,
        person_key || ':' || cast(school_year as varchar) || ':' || programme_code
            as vocational_enrolment_key
    from ranked
    where record_rank = 1

)

select * from final
