-- The floor of benchmarks/bench_floor.py: the person-year states, the transitions and the
-- transition rates (school entry, grade 5, leavers and the rest of rpt_transition_rates)
-- written by hand, as directly as DuckDB allows, in one connection: its steps in temp tables
-- (in memory), its three outputs as tables of the warehouse file (schema floor), because
-- the warehouse too must write its outputs to disk.
--
-- Inputs are the warehouse's intermediate tables: deduplicated and reconciled records with the
-- person keys of probabilistic linkage (a Python model, Splink), the spells, and the Cell Key
-- Method's record keys (a keyed hash whose secret stays in Python). The floor starts where the
-- panel starts; staging, linkage and spells are timed on the warehouse side only.
--
-- Rules: docs/states_and_rates.md. {name} placeholders are the dbt vars of dbt_project.yml,
-- filled in by bench_floor.py. Each "-- stage:" line starts a timed stage.

-- stage: persons
create schema if not exists floor;
-- The persons' attributes (int_person_attributes_resolved) as one aggregation: the winning
-- value of each attribute is the max_by over (lowest precedence, latest reference date,
-- highest record key), no window and no pivot step.
create or replace temp table floor_records as
select
    resolved.person_key,
    records.record_key,
    records.dataset,
    records.reference_date,
    records.birth_month
from intermediate.int_person_records_deduplicated as records
inner join intermediate.int_person_keys_resolved as resolved
    on records.person_key = resolved.pseudonym_key;

create or replace temp table floor_persons as
with attributes as (
    select
        floor_records.person_key,
        max_by(candidates.attribute_value, (-precedence.precedence, floor_records.reference_date, candidates.record_key))
            filter (where candidates.attribute_name = 'sex') as sex,
        max_by(candidates.attribute_value, (-precedence.precedence, floor_records.reference_date, candidates.record_key))
            filter (where candidates.attribute_name = 'has_nongerman_family_language')
            as family_language,
        max_by(candidates.attribute_value, (-precedence.precedence, floor_records.reference_date, candidates.record_key))
            filter (where candidates.attribute_name = 'migration_background') as migration_value,
        max_by(candidates.dataset, (-precedence.precedence, floor_records.reference_date, candidates.record_key))
            filter (where candidates.attribute_name = 'migration_background') as migration_source,
        max_by(candidates.attribute_value, (-precedence.precedence, floor_records.reference_date, candidates.record_key))
            filter (where candidates.attribute_name = 'nationality') as nationality
    from intermediate.int_person_attributes_collected as candidates
    inner join floor_records on candidates.record_key = floor_records.record_key
    inner join reference.attribute_precedence as precedence
        on candidates.attribute_name = precedence.attribute
        and candidates.dataset = precedence.dataset
    where candidates.attribute_value is not null
    group by floor_records.person_key
),
birth_months as (
    select person_key, birth_month, count(*) as n, max(reference_date) as last_date
    from floor_records
    group by person_key, birth_month
),
modal as (
    select person_key, max_by(birth_month, (n, last_date, birth_month)) as birth_month
    from birth_months
    group by person_key
)
select
    modal.person_key,
    modal.birth_month,
    year(modal.birth_month) as birth_cohort,
    coalesce(attributes.sex, 'not_stated') as sex,
    cast(attributes.family_language as boolean) as has_nongerman_family_language,
    xwalk.migration_background,
    attributes.nationality
from modal
left join attributes on modal.person_key = attributes.person_key
left join reference.xwalk_migration_background as xwalk
    on attributes.migration_source = xwalk.dataset
    and attributes.migration_value = xwalk.source_value;

-- stage: person_years
-- The years with residence data and which other datasets they have.
create or replace temp table floor_years as
select
    school_year,
    bool_or(dataset = 'schueler') as has_school_data,
    bool_or(dataset = 'berufskolleg') as has_vocational_data,
    bool_or(dataset = 'kita') as has_care_data
from intermediate.int_delivery_years_covered
where school_year between
    (select min(school_year) from intermediate.int_delivery_years_covered where dataset = 'bevoelkerung')
    and (select max(school_year) from intermediate.int_delivery_years_covered where dataset = 'bevoelkerung')
group by school_year;

-- Residence spells, left-censored in the first register year.
create or replace temp table floor_residence as
select
    person_key,
    case
        when entry_kind not in ('birth', 'moved_in')
            and year(spell_start) = (select min(year(spell_start)) from intermediate.int_residence_spells_built)
            then date '1900-01-01'
        else spell_start
    end as spell_start,
    coalesce(spell_end, date '{open_end}') as spell_end,
    case when exit_kind = 'died' then spell_end + 1 end as death_date
from intermediate.int_residence_spells_built;

-- Day care spells open on 1 Mar y+1, with their state: one row per person and year, the
-- winning spell by care-type priority, latest entry, lowest Kita.
create or replace temp table floor_care as
select person_key, school_year, winner.kita_id, winner.contracted_hours, winner.care_state
from (
select
    kita.person_key,
    floor_years.school_year,
    arg_min(
        {'kita_id': kita.kita_id, 'contracted_hours': kita.contracted_hours, 'care_state': xwalk.state},
        (xwalk.priority, -epoch(kita.entry_date), kita.kita_id)
    ) as winner
from intermediate.int_kita_spells_built as kita
inner join floor_years
    on kita.entry_date <= make_date(floor_years.school_year + 1, 3, 1)
    and coalesce(kita.exit_date, date '{open_end}') >= make_date(floor_years.school_year + 1, 3, 1)
left join reference.xwalk_programme_state as xwalk
    on xwalk.source_system = 'care_type' and xwalk.valid_to is null
    and kita.care_type = xwalk.source_code
group by kita.person_key, floor_years.school_year
);

create or replace temp table floor_school as
with grade5 as (
    select person_key, min(school_year) as grade5_year
    from intermediate.int_school_enrolments_deduplicated
    where grade = 5
    group by person_key
)
select
    enrolments.person_key,
    enrolments.school_year,
    enrolments.school_id,
    enrolments.school_form,
    enrolments.grade,
    enrolments.special_needs_focus,
    case
        when enrolments.grade >= case
            when coalesce(grade5.grade5_year, enrolments.school_year - enrolments.grade + 5)
                between {g8_first} and {g8_last}
                then xwalk.upper_secondary_from_grade_g8
            else xwalk.upper_secondary_from_grade
        end then 'upper_secondary'
        else xwalk.state
    end as school_state
from intermediate.int_school_enrolments_deduplicated as enrolments
left join reference.xwalk_programme_state as xwalk
    on xwalk.source_system = 'school_form' and xwalk.valid_to is null
    and enrolments.school_form = xwalk.source_code
left join grade5 on enrolments.person_key = grade5.person_key;

create or replace temp table floor_vocational as
select person_key, school_year, winner.programme, winner.state as vocational_state
from (
select
    enrolments.person_key,
    enrolments.school_year,
    arg_min({'programme': enrolments.programme, 'state': xwalk.state}, (xwalk.priority, enrolments.programme))
        as winner
from intermediate.int_vocational_enrolments_deduplicated as enrolments
left join reference.xwalk_programme_state as xwalk
    on xwalk.source_system = 'bildungsgang' and xwalk.valid_to is null
    and enrolments.programme = xwalk.source_code
group by enrolments.person_key, enrolments.school_year
);

create or replace table floor.person_years as
with in_view_keys as (
    -- from the first year resident on, and every year seen in a delivery
    select first_residence.person_key, floor_years.school_year
    from (
        select person_key, min(spell_start) as first_start
        from floor_residence group by person_key
    ) as first_residence
    inner join floor_years
        on year(first_residence.first_start) - (month(first_residence.first_start) < 8)::int
        <= floor_years.school_year
    union
    select person_key, school_year from floor_school
    union
    select person_key, school_year from intermediate.int_vocational_enrolments_deduplicated
    union
    select person_key, school_year from intermediate.int_school_leavers_classified
    union
    select person_key, school_year from floor_care
),
in_view as (
    select
        in_view_keys.person_key,
        in_view_keys.school_year,
        floor_persons.birth_month,
        floor_persons.birth_cohort,
        floor_persons.sex,
        floor_persons.has_nongerman_family_language,
        floor_persons.migration_background,
        floor_persons.nationality,
        -- age from the birth month, birthday on the 15th
        in_view_keys.school_year - year(floor_persons.birth_month)
            - (month(floor_persons.birth_month) > 10)::int as age_school_date,
        in_view_keys.school_year + 1 - year(floor_persons.birth_month)
            - (month(floor_persons.birth_month) >= 3)::int as age_care_date,
        in_view_keys.school_year - year(floor_persons.birth_month) as age_residence_date
    from in_view_keys
    inner join floor_years on in_view_keys.school_year = floor_years.school_year
    inner join floor_persons on in_view_keys.person_key = floor_persons.person_key
    where floor_persons.birth_month <= make_date(in_view_keys.school_year, 12, 31)
        and in_view_keys.school_year - year(floor_persons.birth_month) <= {max_age}
),
residence_at_dates as (
    select
        in_view.person_key,
        in_view.school_year,
        bool_or(make_date(in_view.school_year, 10, 15) between floor_residence.spell_start and floor_residence.spell_end)
            as is_resident_school_date,
        bool_or(make_date(in_view.school_year + 1, 3, 1) between floor_residence.spell_start and floor_residence.spell_end)
            as is_resident_care_date,
        bool_or(floor_residence.spell_start <= make_date(in_view.school_year, 12, 31)) as was_ever_resident,
        min(floor_residence.death_date) as death_date
    from in_view
    inner join floor_residence on in_view.person_key = floor_residence.person_key
    group by in_view.person_key, in_view.school_year
),
university as (
    select person_key, min(school_year) as leaving_year
    from intermediate.int_school_leavers_classified
    where certificate_level in ({university_levels})
    group by person_key
),
joined as (
    select
        in_view.*,
        floor_years.has_school_data,
        floor_years.has_vocational_data,
        floor_years.has_care_data,
        residence.block_id,
        residence.statistical_district,
        residence.city_district,
        residence.sozialraum,
        residence.catchment_area,
        residence.person_key is not null as is_resident,
        coalesce(residence_at_dates.is_resident_school_date, false) as is_resident_school_date,
        coalesce(residence_at_dates.is_resident_care_date, false) as is_resident_care_date,
        coalesce(residence_at_dates.was_ever_resident, false) as was_ever_resident,
        residence_at_dates.death_date,
        floor_school.school_id,
        floor_school.school_form,
        floor_school.grade,
        floor_school.special_needs_focus,
        floor_school.school_state,
        floor_vocational.programme as vocational_programme,
        floor_vocational.vocational_state,
        floor_care.kita_id,
        floor_care.contracted_hours,
        floor_care.care_state,
        university.leaving_year as university_leaving_year,
        coalesce(benefits.benefit_months, 0) as benefit_months
    from in_view
    inner join floor_years on in_view.school_year = floor_years.school_year
    left join intermediate.int_residence_person_years_assigned as residence
        on in_view.person_key = residence.person_key and in_view.school_year = residence.year
    left join residence_at_dates
        on in_view.person_key = residence_at_dates.person_key
        and in_view.school_year = residence_at_dates.school_year
    left join floor_school
        on in_view.person_key = floor_school.person_key and in_view.school_year = floor_school.school_year
    left join floor_vocational
        on in_view.person_key = floor_vocational.person_key
        and in_view.school_year = floor_vocational.school_year
    left join floor_care
        on in_view.person_key = floor_care.person_key and in_view.school_year = floor_care.school_year
    left join university on in_view.person_key = university.person_key
    left join intermediate.int_benefit_years_deduplicated as benefits
        on in_view.person_key = benefits.person_key and in_view.school_year = benefits.year
),
with_status as (
    select
        *,
        case
            when is_resident then 'resident'
            when death_date <= make_date(school_year, 12, 31) then 'died'
            when was_ever_resident then 'moved_away'
            else 'not_registered'
        end as residence_status
    from joined
)
select
    person_key,
    cast(school_year as integer) as school_year,
    case
        when death_date <= make_date(school_year, 10, 15) then 'died'
        when school_state is not null then school_state
        when vocational_state is not null then vocational_state
        when care_state is not null then care_state
        when residence_status = 'died' then 'died'
        when residence_status = 'moved_away' then 'moved_away'
        when residence_status = 'not_registered' then 'unknown'
        when school_year - university_leaving_year between 1 and {university_years}
            then 'university_inferred'
        when age_school_date < 7 and not has_care_data then 'unknown'
        when age_school_date < 7 then 'home_care'
        when age_school_date < 19 and not has_school_data then 'unknown'
        when not has_vocational_data then 'unknown'
        else 'not_in_education'
    end as state,
    residence_status,
    is_resident,
    is_resident_school_date,
    is_resident_care_date,
    block_id,
    statistical_district,
    city_district,
    sozialraum,
    catchment_area,
    birth_month,
    cast(birth_cohort as integer) as birth_cohort,
    sex,
    has_nongerman_family_language,
    migration_background,
    nationality,
    cast(age_school_date as integer) as age_school_date,
    cast(age_care_date as integer) as age_care_date,
    cast(age_residence_date as integer) as age_residence_date,
    school_id,
    school_form,
    cast(grade as integer) as grade,
    special_needs_focus,
    vocational_programme,
    kita_id,
    cast(contracted_hours as integer) as contracted_hours,
    cast(benefit_months as integer) as benefit_months,
    person_key || ':' || cast(school_year as varchar) as person_year_key,
    benefit_months > 0 as has_benefit_receipt
from with_status;

-- stage: transitions
-- One pass over the person years gives each year's neighbours (previous and next school
-- year, if in view), instead of a self-join per transition.
create or replace temp table floor_neighbours as
select
    person_key,
    school_year,
    state,
    grade,
    school_form,
    is_resident,
    is_resident_school_date,
    is_resident_care_date,
    age_school_date,
    age_care_date,
    age_residence_date,
    case when lag(school_year) over w = school_year - 1 then lag(state) over w end as previous_state,
    case when lag(school_year) over w = school_year - 1 then lag(grade) over w end as previous_grade,
    case when lag(school_year) over w = school_year - 1 then lag(school_form) over w end
        as previous_school_form,
    case when lag(school_year) over w = school_year - 1 then lag(is_resident_school_date) over w end
        as previous_resident_school_date,
    case when lead(school_year) over w = school_year + 1 then lead(state) over w end as next_state,
    case when lead(school_year) over w = school_year + 1 then lead(grade) over w end as next_grade
from floor.person_years
window w as (partition by person_key order by school_year);

create or replace table floor.transitions as
with bounds as (
    select max(school_year) as last_year from floor.person_years
),
stage as (
    select state, stage from reference.state_alphabet
),
track as (
    select source_code as school_form, track_rank
    from reference.xwalk_programme_state
    where source_system = 'school_form' and valid_to is null
),
entries as (
    select
        person_key,
        arg_min(school_year, (school_year, grade)) as school_year,
        arg_min(entry_kind, (school_year, grade)) as entry_kind
    from intermediate.int_school_enrolments_deduplicated
    where school_year = entry_year
    group by person_key
),
kita_to_school as (
    select
        entries.person_key,
        'kita_to_school' as transition,
        entries.school_year,
        coalesce(neighbours.previous_state, 'unknown') as from_state,
        neighbours.state as to_state,
        cast(null as integer) as from_grade,
        neighbours.grade as to_grade,
        case entries.entry_kind
            when 'early' then 'early'
            when 'after_deferral' then 'deferred'
            when 'on_time' then 'regular'
        end as entry_kind,
        cast(null as varchar) as direction,
        cast(null as varchar) as certificate_key,
        cast(null as varchar) as transition_recommendation
    from entries
    inner join floor_neighbours as neighbours
        on entries.person_key = neighbours.person_key and entries.school_year = neighbours.school_year
),
last_grade4 as (
    select person_key, max(school_year) as school_year
    from floor.person_years
    where state = 'primary' and grade = 4
    group by person_key
),
grade4_to_grade5 as (
    select
        last_grade4.person_key,
        'grade4_to_grade5' as transition,
        last_grade4.school_year + 1 as school_year,
        'primary' as from_state,
        coalesce(neighbours.next_state, 'unknown') as to_state,
        4 as from_grade,
        neighbours.next_grade as to_grade,
        cast(null as varchar) as entry_kind,
        cast(null as varchar) as direction,
        cast(null as varchar) as certificate_key,
        grade5.transition_recommendation
    from last_grade4
    inner join floor_neighbours as neighbours
        on last_grade4.person_key = neighbours.person_key
        and last_grade4.school_year = neighbours.school_year
    left join intermediate.int_school_enrolments_deduplicated as grade5
        on last_grade4.person_key = grade5.person_key
        and last_grade4.school_year + 1 = grade5.school_year
    where last_grade4.school_year < (select last_year from bounds)
),
school_type_change as (
    select
        neighbours.person_key,
        'school_type_change' as transition,
        neighbours.school_year,
        neighbours.previous_state as from_state,
        neighbours.state as to_state,
        neighbours.previous_grade as from_grade,
        neighbours.grade as to_grade,
        cast(null as varchar) as entry_kind,
        case
            when current_track.track_rank > previous_track.track_rank then 'up'
            when current_track.track_rank < previous_track.track_rank then 'down'
            when current_track.track_rank = previous_track.track_rank then 'lateral'
            else 'undirected'
        end as direction,
        cast(null as varchar) as certificate_key,
        cast(null as varchar) as transition_recommendation
    from floor_neighbours as neighbours
    inner join stage as current_stage on neighbours.state = current_stage.state
    inner join stage as previous_stage on neighbours.previous_state = previous_stage.state
    left join track as current_track on neighbours.school_form = current_track.school_form
    left join track as previous_track on neighbours.previous_school_form = previous_track.school_form
    where current_stage.stage in ('lower_secondary', 'special_needs')
        and previous_stage.stage in ('lower_secondary', 'special_needs')
        and neighbours.grade >= 5
        and neighbours.previous_grade >= 5
        and neighbours.state <> neighbours.previous_state
),
final_leavers as (
    select
        leavers.person_key,
        min(leavers.school_year) as school_year,
        -- the certificate key breaks a tie of rank, as in fct_transitions
        arg_min(
            leavers.certificate_key,
            (leavers.school_year, -leavers.certificate_level_rank, leavers.certificate_key)
        ) as certificate_key
    from intermediate.int_school_leavers_classified as leavers
    left join (
        select person_key, max(school_year) as school_year
        from intermediate.int_school_enrolments_deduplicated
        group by person_key
    ) as last_enrolment on leavers.person_key = last_enrolment.person_key
    where leavers.certificate_key is not null
        and (last_enrolment.school_year is null or last_enrolment.school_year <= leavers.school_year)
    group by leavers.person_key
),
general_school_to_next as (
    select
        final_leavers.person_key,
        'general_school_to_next' as transition,
        final_leavers.school_year + 1 as school_year,
        coalesce(leaving_year.state, 'unknown') as from_state,
        coalesce(next_year.state, 'unknown') as to_state,
        leaving_year.grade as from_grade,
        next_year.grade as to_grade,
        cast(null as varchar) as entry_kind,
        cast(null as varchar) as direction,
        final_leavers.certificate_key,
        cast(null as varchar) as transition_recommendation
    from final_leavers
    -- two lookups, not the neighbours: the leaving year itself need not be in view
    left join floor.person_years as leaving_year
        on final_leavers.person_key = leaving_year.person_key
        and final_leavers.school_year = leaving_year.school_year
    left join floor.person_years as next_year
        on final_leavers.person_key = next_year.person_key
        and final_leavers.school_year + 1 = next_year.school_year
    where final_leavers.school_year < (select last_year from bounds)
),
unioned as (
    select * from kita_to_school
    union all select * from grade4_to_grade5
    union all select * from school_type_change
    union all select * from general_school_to_next
)
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
from unioned;

-- stage: rates
-- Populations (as fct_transition_observations), then every breakdown in one GROUPING SETS
-- aggregation instead of a row per observation and breakdown.
create or replace temp table floor_observations as
with bounds as (
    select min(school_year) as first_year, max(school_year) as last_year from floor.person_years
),
stage as (
    select state, stage from reference.state_alphabet
),
leavers as (
    select
        leavers.person_key,
        leavers.school_year,
        arg_max(coalesce(groups.certificate_group, 'sonstige'), coalesce(groups.sort_order, 0))
            as certificate_group
    from intermediate.int_school_leavers_classified as leavers
    left join reference.xwalk_certificate_report_group as groups
        on leavers.certificate_key = groups.certificate_code
    where leavers.certificate_key is not null
    group by leavers.person_key, leavers.school_year
),
neighbours as (
    select neighbours.*, stage.stage, previous_stage.stage as previous_stage
    from floor_neighbours as neighbours
    inner join stage on neighbours.state = stage.state
    left join stage as previous_stage on neighbours.previous_state = previous_stage.state
),
transitions as (
    select transitions.*, neighbours.is_resident_school_date, neighbours.previous_resident_school_date
    from floor.transitions as transitions
    left join floor_neighbours as neighbours
        on transitions.person_key = neighbours.person_key
        and transitions.school_year = neighbours.school_year
)
select
    'kita_to_school' as transition, 'cohort' as method, dimension.outcome_dimension,
    school_year, 'all' as age_group, person_key, school_year as attribute_year,
    case dimension.outcome_dimension
        when 'entry_kind' then coalesce(entry_kind, 'unknown')
        when 'from_state' then from_state
        else to_state
    end as outcome
from transitions
cross join (select unnest(['entry_kind', 'from_state', 'to_state']) as outcome_dimension) as dimension
where transition = 'kita_to_school' and is_resident_school_date
union all
select
    'grade4_to_grade5', 'cohort', 'to_state', school_year, 'all', person_key, school_year - 1, to_state
from transitions
where transition = 'grade4_to_grade5' and is_resident_school_date and previous_resident_school_date
union all
select
    'grade4_to_grade5', 'cross_sectional', 'to_state', school_year, 'all', person_key, school_year, state
from neighbours
where grade = 5
    and stage in ('lower_secondary', 'special_needs', 'all_through')
    and coalesce(previous_grade, 0) <> 5
    and coalesce(previous_state, 'unknown') not in ('special_school', 'waldorf')
    and school_year > (select first_year from bounds)
union all
select
    'school_type_change', 'cohort', 'direction', neighbours.school_year, 'all', neighbours.person_key,
    neighbours.school_year - 1, coalesce(transitions.direction, 'none')
from neighbours
left join floor.transitions as transitions
    on neighbours.person_key = transitions.person_key
    and neighbours.school_year = transitions.school_year
    and transitions.transition = 'school_type_change'
where neighbours.stage in ('lower_secondary', 'special_needs') and neighbours.grade >= 5
    and neighbours.previous_stage in ('lower_secondary', 'special_needs') and neighbours.previous_grade >= 5
    and neighbours.is_resident_school_date and neighbours.previous_resident_school_date
union all
select
    'general_school_leaving', 'cohort', 'certificate_group', school_year, 'all', person_key,
    school_year, certificate_group
from leavers
union all
select
    'general_school_leaving', 'cross_sectional', 'certificate_group', person_years.school_year,
    cast(person_years.age_residence_date as varchar), person_years.person_key,
    person_years.school_year, leavers.certificate_group
from floor.person_years as person_years
left join leavers
    on person_years.person_key = leavers.person_key and person_years.school_year = leavers.school_year
where person_years.is_resident and person_years.age_residence_date between 13 and 22
    and person_years.school_year < (select last_year from bounds)
union all
select
    'general_school_to_next', 'cohort', 'to_state', school_year, 'all', person_key, school_year - 1,
    to_state
from transitions
where transition = 'general_school_to_next' and is_resident_school_date
union all
select
    'kita_to_school', 'cross_sectional', 'entry_kind', person_years.school_year,
    cast(person_years.age_school_date as varchar), person_years.person_key, person_years.school_year,
    case when entries.person_key is not null then coalesce(entries.entry_kind, 'unknown') end
from floor.person_years as person_years
left join floor.transitions as entries
    on person_years.person_key = entries.person_key
    and person_years.school_year = entries.school_year
    and entries.transition = 'kita_to_school'
where person_years.is_resident_school_date and person_years.age_school_date between 4 and 8
union all
select
    'care_participation', 'cross_sectional', 'care_type', school_year, cast(age_care_date as varchar),
    person_key, school_year, case when state in ('kita', 'tagespflege') then state end
from neighbours
where is_resident_care_date and age_care_date between 0 and 6 and stage = 'early_childhood';

create or replace temp table floor_counts as
with attributed as (
    -- subgroup and areas of the attribute year and the record key, counted once per
    -- combination, before the breakdowns
    select
        observations.transition,
        observations.method,
        observations.outcome_dimension,
        observations.school_year,
        observations.age_group,
        observations.outcome,
        case
            when person_years.sex in ('male', 'female') then person_years.sex
            when ascii(right(md5(cast(observations.person_key as varchar)), 1)) % 2 = 0 then 'male'
            else 'female'
        end as sex,
        case person_years.has_nongerman_family_language
            when true then 'non_german' when false then 'german' else 'unknown'
        end as family_language,
        coalesce(cast(person_years.migration_background as varchar), 'unknown') as migration_background,
        case when person_years.has_benefit_receipt then 'yes' else 'no' end as benefit_receipt,
        person_years.city_district,
        person_years.statistical_district,
        person_years.sozialraum,
        person_years.catchment_area,
        count(*) as persons,
        sum(record_keys.ckm_record_key) as record_key_sum
    from floor_observations as observations
    left join floor.person_years as person_years
        on observations.person_key = person_years.person_key
        and observations.attribute_year = person_years.school_year
    left join marts.dim_ckm_record_keys as record_keys
        on observations.person_key = record_keys.person_key
    group by all
),
grouped as (
    -- grouping(): a bit per column left out of the set, sex the highest (128), catchment 1
    select
        transition, method, outcome_dimension, school_year, age_group, outcome,
        grouping(sex, family_language, migration_background, benefit_receipt,
            city_district, statistical_district, sozialraum, catchment_area) as set_id,
        coalesce(sex, family_language, migration_background, benefit_receipt) as subgroup_value,
        coalesce(statistical_district, sozialraum, catchment_area, city_district) as area_id,
        sum(persons) as persons,
        sum(record_key_sum) as record_key_sum
    from attributed
    group by
        transition, method, outcome_dimension, school_year, age_group, outcome,
        grouping sets (
            (),
            (sex), (family_language), (migration_background), (benefit_receipt),
            (city_district, sex), (city_district, family_language),
            (city_district, migration_background), (city_district, benefit_receipt),
            (city_district), (statistical_district), (sozialraum), (catchment_area)
        )
),
breakdowns as (
    select * from (values
        (255, 'all', 'city'),
        (127, 'sex', 'city'), (191, 'family_language', 'city'),
        (223, 'migration_background', 'city'), (239, 'benefit_receipt', 'city'),
        (119, 'sex', 'city_district'), (183, 'family_language', 'city_district'),
        (215, 'migration_background', 'city_district'), (231, 'benefit_receipt', 'city_district'),
        (247, 'all', 'city_district'), (251, 'all', 'statistical_district'),
        (253, 'all', 'sozialraum'), (254, 'all', 'catchment_area')
    ) as breakdowns (set_id, subgroup, area_level)
)
select
    grouped.transition,
    grouped.method,
    grouped.outcome_dimension,
    grouped.school_year,
    grouped.age_group,
    breakdowns.subgroup,
    coalesce(grouped.subgroup_value, 'all') as subgroup_value,
    breakdowns.area_level,
    case when breakdowns.area_level = 'city' then 'city' else grouped.area_id end as area_id,
    grouped.outcome,
    grouped.persons,
    grouped.record_key_sum
from grouped
inner join breakdowns on grouped.set_id = breakdowns.set_id
where breakdowns.area_level = 'city' or grouped.area_id is not null;

create or replace table floor.rates as
with denominators as (
    select
        transition, method, outcome_dimension, school_year, age_group,
        subgroup, subgroup_value, area_level, area_id,
        sum(persons) as denominator,
        sum(record_key_sum) as denominator_key_sum
    from floor_counts
    group by all
),
outcomes as (
    select distinct transition, method, outcome_dimension, outcome
    from floor_observations
    where outcome is not null
),
age_specific as (
    select
        denominators.transition, denominators.method, denominators.outcome_dimension,
        denominators.school_year, denominators.age_group, denominators.subgroup,
        denominators.subgroup_value, denominators.area_level, denominators.area_id,
        outcomes.outcome,
        coalesce(counts.persons, 0) as numerator,
        denominators.denominator,
        case when denominators.denominator > 0
            then cast(coalesce(counts.persons, 0) as double) / denominators.denominator end as rate,
        coalesce(counts.record_key_sum, 0) as numerator_key_sum,
        denominators.denominator_key_sum
    from denominators
    inner join outcomes
        on denominators.transition = outcomes.transition
        and denominators.method = outcomes.method
        and denominators.outcome_dimension = outcomes.outcome_dimension
    left join floor_counts as counts
        on denominators.transition = counts.transition
        and denominators.method = counts.method
        and denominators.outcome_dimension = counts.outcome_dimension
        and denominators.school_year = counts.school_year
        and denominators.age_group = counts.age_group
        and denominators.subgroup = counts.subgroup
        and denominators.subgroup_value = counts.subgroup_value
        and denominators.area_level = counts.area_level
        and denominators.area_id = counts.area_id
        and outcomes.outcome = counts.outcome
),
unioned as (
    select * from age_specific
    where age_group = 'all' or area_level in ('city', 'city_district')
    union all by name
    select
        transition, method, outcome_dimension, school_year, subgroup, subgroup_value, area_level,
        area_id, outcome,
        'quota_sum' as age_group,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        sum(rate order by age_group) as rate,
        cast(null as hugeint) as numerator_key_sum,
        cast(null as hugeint) as denominator_key_sum
    from age_specific
    where method = 'cross_sectional' and transition in ('kita_to_school', 'general_school_leaving')
    group by all
    union all by name
    select
        transition, method, outcome_dimension, school_year, subgroup, subgroup_value, area_level,
        area_id, outcome,
        case when cast(age_group as integer) < 3 then 'under_3' else '3_to_school' end as age_group,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        case when sum(denominator) > 0 then cast(sum(numerator) as double) / sum(denominator) end
            as rate,
        sum(numerator_key_sum) as numerator_key_sum,
        sum(denominator_key_sum) as denominator_key_sum
    from age_specific
    where transition = 'care_participation'
    group by all
)
select
    cast(school_year as integer) as school_year,
    transition,
    outcome_dimension,
    outcome,
    subgroup,
    subgroup_value,
    area_level,
    area_id,
    method,
    age_group,
    cast(numerator as bigint) as numerator,
    cast(denominator as bigint) as denominator,
    cast(rate as double) as rate,
    cast(numerator_key_sum as bigint) as numerator_key_sum,
    cast(denominator_key_sum as bigint) as denominator_key_sum,
    case
        when age_group = 'quota_sum'
            then 'sum over age years of the age-specific rates (Quotensummenverfahren)'
        else 'numerator / denominator'
    end as rate_definition
from unioned;
