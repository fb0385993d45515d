with

pupils as (

    {{ linked_records('schueler', [
        'reference_date', 'row_number', 'school_year', 'school_id', 'school_form_code',
        'school_type', 'school_stage', 'grade', 'special_needs_code', 'special_needs_area',
        'promotion_code', 'transition_recommendation', 'school_entry_year',
        'school_entry_kind', 'is_family_language_german', 'is_all_day',
        'residence_block_id',
    ]) }}

),

school_continuity as (

    select
        person_key,
        school_id,
        count(distinct school_year) as school_years_at_school
    from pupils
    group by person_key, school_id

),

-- A pupil at two schools in one 15 Oct delivery: keep the school the pupil attends in more
-- school years (continuity), then the higher grade, then the earlier delivered row; the
-- other rows are dropped with reason second_enrolment_in_school_year, counted and listed on
-- the kept row.
ranked as (

    select
        pupils.*,
        row_number() over enrolment_window as record_rank,
        count(*) over (partition by pupils.person_key, pupils.school_year) - 1
            as dropped_record_count,
        list(pupils.record_key) over (partition by pupils.person_key, pupils.school_year)
            as school_year_record_keys
    from pupils
    inner join school_continuity
        on {{ join_on('pupils', 'school_continuity', ['person_key', 'school_id']) }}
    window enrolment_window as (
        partition by pupils.person_key, pupils.school_year
        order by
            school_continuity.school_years_at_school desc,
            pupils.grade desc,
            pupils.row_number asc
    )

),

final as (

    select
        person_key,
        school_year,
        reference_date,
        record_key,
        school_id,
        school_form_code as school_form,
        school_type,
        school_stage,
        grade,
        special_needs_code as special_needs_focus,
        special_needs_area,
        promotion_code as promotion,
        transition_recommendation,
        school_entry_year as entry_year,
        school_entry_kind as entry_kind,
        is_family_language_german,
        is_all_day,
        residence_block_id,
        dropped_record_count,
        person_key || ':' || cast(school_year as varchar) as person_year_key,
        list_filter(school_year_record_keys, lambda k: k <> record_key) as dropped_record_keys
    from ranked
    where record_rank = 1

)

select * from final
