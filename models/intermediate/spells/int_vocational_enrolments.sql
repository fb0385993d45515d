with

pupils as (

    select
        staged.record_key,
        distinct_records.person_key,
        staged.reference_date,
        staged.row_number,
        staged.school_year,
        staged.school_id,
        staged.programme_code,
        staged.iabe_sector,
        staged.iabe_account,
        staged.is_iabe_entrant_sector,
        staged.grade,
        staged.prior_certificate_code,
        staged.prior_certificate_level,
        staged.has_training_contract,
        staged.residence_block_id
    from {{ ref('stg_berufskolleg__enrolments') }} as staged
    -- exact duplicates are dropped (and counted) once, in the de-duplicated records,
    -- which also hold the person key
    inner join {{ ref('int_person_records_deduplicated') }} as distinct_records
        on staged.record_key = distinct_records.record_key
    where distinct_records.dataset = 'berufskolleg' and distinct_records.person_key is not null

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
