with

enrolments as (

    select
        person_key,
        school_year,
        school_form,
        school_type,
        school_id,
        grade,
        dropped_record_count
    from {{ ref('int_school_enrolments_deduplicated') }}

),

last_school_year as (

    select max(school_year) as last_school_year
    from enrolments

),

leaving as (

    select
        person_key,
        school_year,
        -- two leavings on one day: the order of the kinds decides, not the row order
        arg_max(leaving_kind, { 'leaving_date': leaving_date, 'kind': leaving_kind })
            as leaving_kind
    from {{ ref('int_school_leavers_classified') }}
    group by person_key, school_year

),

neighbours as (

    select
        *,
        lag(school_form) over person_window as previous_school_form,
        lag(school_year) over person_window as previous_school_year
    from enrolments
    window person_window as (partition by person_key order by school_year)

),

islands as (

    select
        *,
        case
            when
                (previous_school_form is distinct from school_form)
                or previous_school_year <> school_year - 1
                then 1
            else 0
        end as is_spell_start
    from neighbours

),

numbered as (

    select
        *,
        sum(is_spell_start) over (
            partition by person_key order by school_year
            rows between unbounded preceding and current row
        ) as spell_number
    from islands

),

spells as (

    select
        person_key,
        spell_number,
        min(school_form) as school_form,
        min(school_type) as school_type,
        min(school_year) as entry_school_year,
        max(school_year) as exit_school_year,
        arg_min(grade, school_year) as entry_grade,
        arg_max(grade, school_year) as exit_grade,
        arg_max(school_id, school_year) as last_school_id,
        count(*) as record_count,
        sum(dropped_record_count) as dropped_record_count
    from numbered
    group by person_key, spell_number

),

followed as (

    select
        *,
        lead(entry_school_year) over (partition by person_key order by spell_number)
            as next_entry_school_year
    from spells

),

final as (

    select
        followed.person_key,
        followed.spell_number,
        followed.school_form,
        followed.school_type,
        followed.entry_school_year,
        followed.exit_school_year,
        followed.entry_grade,
        followed.exit_grade,
        followed.last_school_id,
        followed.record_count,
        followed.dropped_record_count,
        case
            when leaving.leaving_kind is not null then leaving.leaving_kind
            when followed.next_entry_school_year = followed.exit_school_year + 1
                then 'changed_school_form'
            when followed.exit_school_year = last_school_year.last_school_year then 'censored'
            else 'not_seen_again'
        end as exit_kind,
        followed.person_key || ':' || cast(followed.entry_school_year as varchar)
        || ':' || followed.school_form as school_spell_key
    from followed
    cross join last_school_year
    left join leaving
        on
            followed.person_key = leaving.person_key
            and followed.exit_school_year = leaving.school_year

)

select * from final
