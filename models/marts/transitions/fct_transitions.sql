{#- One row per person and transition. Built on fct_person_years, so every transition reads
    the states at their reference dates (docs/states_and_rates.md). -#}
with

person_years as (

    select
        person_key,
        school_year,
        state,
        residence_status,
        is_resident,
        is_resident_school_date,
        school_id,
        school_form,
        grade,
        age_school_date
    from {{ ref('fct_person_years') }}

),

school_enrolments as (

    select
        person_key,
        school_year,
        school_form,
        grade,
        entry_year,
        entry_kind,
        transition_recommendation
    from {{ ref('int_school_enrolments_deduplicated') }}

),

school_leavers as (

    select
        person_key,
        school_year,
        certificate_key,
        certificate_level_rank
    from {{ ref('int_school_leavers_classified') }}
    -- certificate events only: a pupil who moves away has not left general school
    where certificate_key is not null

),

programme_states as (

    select
        source_code as school_form,
        state,
        track_rank
    from {{ ref('xwalk_programme_state') }}
    where source_system = 'school_form' and valid_to is null

),

state_alphabet as (

    select
        state,
        stage
    from {{ ref('state_alphabet') }}

),


school_entries as (

    -- kita_to_school: the school year a person is first seen in a general school with
    -- entry_year = school_year (einschulungsjahr); from_state is the state one year earlier
    -- (Kita on 1 Mar of the entry year, home care, moved in later: not_registered -> unknown).

    select
        person_key,
        school_year,
        school_form,
        entry_kind,
        row_number() over (
            partition by person_key order by school_year, grade
        ) as entry_ordinal
    from school_enrolments
    where school_year = entry_year

),

kita_to_school as (

    select
        school_entries.person_key,
        'kita_to_school' as transition,
        school_entries.school_year,
        coalesce(previous_year.state, 'unknown') as from_state,
        current_year.state as to_state,
        current_year.grade as to_grade,
        case school_entries.entry_kind
            when 'early' then 'early'
            when 'after_deferral' then 'deferred'
            when 'on_time' then 'regular'
        end as entry_kind
    from school_entries
    inner join person_years as current_year
        on {{ join_on('school_entries', 'current_year', 'person_year') }}
    left join person_years as previous_year
        on
            school_entries.person_key = previous_year.person_key
            and school_entries.school_year - 1 = previous_year.school_year
    where school_entries.entry_ordinal = 1

),


last_grade4 as (

    -- grade4_to_grade5: from the last school year a person is in grade 4 of a Grundschule to
    -- the state in the next school year (a grade-5 school form, or attrition).

    select
        person_key,
        max(school_year) as school_year
    from person_years
    where state = 'primary' and grade = 4
    group by person_key

),

grade4_to_grade5 as (

    select
        last_grade4.person_key,
        'grade4_to_grade5' as transition,
        last_grade4.school_year + 1 as school_year,
        'primary' as from_state,
        coalesce(next_year.state, 'unknown') as to_state,
        4 as from_grade,
        next_year.grade as to_grade,
        grade5.transition_recommendation
    from last_grade4
    left join person_years as next_year
        on
            last_grade4.person_key = next_year.person_key
            and last_grade4.school_year + 1 = next_year.school_year
    left join school_enrolments as grade5
        on
            last_grade4.person_key = grade5.person_key
            and last_grade4.school_year + 1 = grade5.school_year
    where last_grade4.school_year < (
            select max(py.school_year) as last_school_year from person_years as py
        )

),


secondary_years as (

    -- school_type_change: consecutive school years both in a lower-secondary form or a special
    -- school from grade 5 on, with a different state. Direction by track_rank.

    select
        person_years.person_key,
        person_years.school_year,
        person_years.state,
        person_years.grade,
        programme_states.track_rank
    from person_years
    inner join state_alphabet
        on person_years.state = state_alphabet.state
    left join programme_states
        on person_years.school_form = programme_states.school_form
    where
        state_alphabet.stage in ('lower_secondary', 'special_needs')
        and person_years.grade >= 5

),

school_type_change as (

    select
        current_year.person_key,
        'school_type_change' as transition,
        current_year.school_year,
        previous_year.state as from_state,
        current_year.state as to_state,
        previous_year.grade as from_grade,
        current_year.grade as to_grade,
        case
            when current_year.track_rank > previous_year.track_rank then 'up'
            when current_year.track_rank < previous_year.track_rank then 'down'
            when current_year.track_rank = previous_year.track_rank then 'lateral'
            else 'undirected'
        end as direction
    from secondary_years as current_year
    inner join secondary_years as previous_year
        on
            current_year.person_key = previous_year.person_key
            and current_year.school_year - 1 = previous_year.school_year
    where current_year.state <> previous_year.state

),


last_general_school_year as (

    -- general_school_to_next: the leaving event after which the person is never again in a
    -- general school; to_state is the state in the next school year.

    select
        person_key,
        max(school_year) as school_year
    from school_enrolments
    group by person_key

),

final_leavers_ranked as (

    select
        school_leavers.person_key,
        school_leavers.school_year,
        school_leavers.certificate_key,
        row_number() over (
            partition by school_leavers.person_key
            -- two certificates of one rank in one year (ESA and EESA, a person linked from two
            -- records): the key decides, so that every build keeps the same one
            order by
                school_leavers.school_year asc,
                school_leavers.certificate_level_rank desc,
                school_leavers.certificate_key asc
        ) as leaving_ordinal
    from school_leavers
    left join last_general_school_year
        on school_leavers.person_key = last_general_school_year.person_key
    where
        last_general_school_year.school_year is null
        or last_general_school_year.school_year <= school_leavers.school_year

),

general_school_to_next as (

    select
        final_leavers_ranked.person_key,
        'general_school_to_next' as transition,
        final_leavers_ranked.school_year + 1 as school_year,
        coalesce(leaving_year.state, 'unknown') as from_state,
        coalesce(next_year.state, 'unknown') as to_state,
        leaving_year.grade as from_grade,
        next_year.grade as to_grade,
        final_leavers_ranked.certificate_key
    from final_leavers_ranked
    left join person_years as leaving_year
        on {{ join_on('final_leavers_ranked', 'leaving_year', 'person_year') }}
    left join person_years as next_year
        on
            final_leavers_ranked.person_key = next_year.person_key
            and final_leavers_ranked.school_year + 1 = next_year.school_year
    where
        final_leavers_ranked.leaving_ordinal = 1
        and final_leavers_ranked.school_year < (
            select max(py.school_year) as last_school_year from person_years as py
        )

),

unioned as (

    -- by name: each transition states only the columns it has, the others are NULL
    select * from kita_to_school
    union all by name
    select * from grade4_to_grade5
    union all by name
    select * from school_type_change
    union all by name
    select * from general_school_to_next

),

final as (

    select
        person_key,
        transition,
        cast(school_year as integer) as school_year,
        from_state,
        to_state,
        cast(from_grade as integer) as from_grade,
        cast(to_grade as integer) as to_grade,
        entry_kind,
        direction,
        certificate_key,
        transition_recommendation,
        person_key || ':' || transition || ':' || cast(school_year as varchar) as transition_key
    from unioned

)

select * from final
