with

pupils as (

    {{ linked_records('berufskolleg', [
        'reference_date', 'row_number', 'school_year', 'school_id', 'programme_code',
        'iabe_sector', 'iabe_account', 'is_iabe_entrant_sector', 'grade',
        'prior_certificate_code', 'prior_certificate_level', 'has_training_contract',
        'residence_block_id',
    ]) }}

),

xwalk_programme_year_numbering as (

    select
        bildungsgang_code,
        numbering,
        first_jahrgang,
        last_jahrgang,
        valid_from,
        coalesce(valid_to, {{ open_end() }}) as valid_to
    from {{ ref('xwalk_programme_year_numbering') }}

),

-- The programme year, whichever numbering the school uses (1, 2, 3 or 11, 12, 13): the
-- delivered jahrgang lies in one numbering's range of the programme (the ranges of a
-- programme never overlap), and the programme year counts from that range's first year.
-- A jahrgang in no range keeps programme_year NULL: enrolled, but never an entrant.
numbered as (

    select
        pupils.*,
        xwalk_programme_year_numbering.numbering as grade_numbering,
        pupils.grade - xwalk_programme_year_numbering.first_jahrgang + 1 as programme_year
    from pupils
    left join xwalk_programme_year_numbering
        on
            pupils.programme_code = xwalk_programme_year_numbering.bildungsgang_code
            and pupils.grade
            between xwalk_programme_year_numbering.first_jahrgang
            and xwalk_programme_year_numbering.last_jahrgang
            and pupils.reference_date
            between xwalk_programme_year_numbering.valid_from
            and xwalk_programme_year_numbering.valid_to

),

-- The same programme twice in one school year: keep the higher programme year, then the
-- earlier delivered row; the others are counted (second_enrolment_in_programme).
ranked as (

    select
        *,
        row_number() over (
            partition by person_key, school_year, programme_code
            order by programme_year desc nulls last, grade desc, row_number asc
        ) as record_rank,
        count(*) over (partition by person_key, school_year, programme_code) - 1
            as dropped_record_count
    from numbered

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
        grade,
        grade_numbering,
        programme_year,
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
