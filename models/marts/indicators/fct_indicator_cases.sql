{# One row per indicator, year and person in the indicator's base population (restricted:
    person level). `category` is the person's category in the indicator's table, `is_counted`
    whether the person counts in the numerator (always true for distributions). Areas and
    subgroups come from the person-year panel (residence on 31 Dec of the year). Definitions:
    seeds/indicators/indicator_catalogue.csv and docs/indicators.md. #}
with

person_years as (

    select
        person_key,
        school_year,
        state,
        is_resident,
        is_resident_school_date,
        is_resident_care_date,
        age_care_date,
        age_residence_date,
        school_form,
        grade,
        special_needs_focus,
        contracted_hours,
        city_district,
        statistical_district,
        sozialraum,
        catchment_area,
        has_nongerman_family_language,
        sex,
        case has_nongerman_family_language
            when true then 'nichtdeutsch'
            when false then 'deutsch'
            else 'unbekannt'
        end as familiensprache,
        case
            when migration_background is null then 'unbekannt'
            when migration_background = 'none' then 'ohne'
            else 'mit'
        end as migrationshintergrund,
        case when has_benefit_receipt then 'ja' else 'nein' end as leistungsbezug
    from {{ ref('fct_person_years') }}

),

transitions as (

    select
        person_key,
        transition,
        school_year,
        to_state,
        entry_kind,
        direction,
        transition_recommendation
    from {{ ref('fct_transitions') }}

),

catalogue as (

    select
        indicator_code,
        kind,
        audit_unit
    from {{ ref('indicator_catalogue') }}

),

state_alphabet as (

    select
        state,
        stage
    from {{ ref('state_alphabet') }}

),

{# Frühkindliche Bildung: children 0-5 resident on 1 March of y+1 and not yet at school. #}
care_base as (

    select
        *,
        state in ('kita', 'tagespflege') as is_in_care,
        case when age_care_date < 3 then 'unter_3' else '3_bis_schuleintritt' end as age_band
    from person_years
    where
        is_resident_care_date
        and age_care_date between 0 and 5
        and state in ('home_care', 'kita', 'tagespflege')

),

fb01 as (

    select
        'FB01' as indicator_code,
        school_year as year,
        person_key,
        case age_care_date
            when 0 then 'unter_1'
            when 1 then '1_jahr'
            when 2 then '2_jahre'
            when 3 then '3_jahre'
            when 4 then '4_jahre'
            else '5_jahre_und_aelter'
        end as category,
        is_in_care as is_counted
    from care_base

),

fb02 as (

    select
        'FB02' as indicator_code,
        school_year as year,
        person_key,
        age_band as category,
        has_nongerman_family_language as is_counted
    from care_base
    where is_in_care and has_nongerman_family_language is not null

),

fb03 as (

    select
        'FB03' as indicator_code,
        school_year as year,
        person_key,
        age_band as category,
        contracted_hours > 35 as is_counted
    from care_base
    where is_in_care and contracted_hours is not null

),

{# School entry examination of school year y (examinations up to 31 July y+1); the latest
    examination of a child in the year counts. #}
examinations as (

    select
        person_key,
        school_year,
        language_level_code,
        row_number() over (
            partition by person_key, school_year
            order by examination_date desc, record_key asc
        ) as examination_rank
    from {{ ref('int_school_entry_examinations') }}
    where examination_date is not null

),

fb04 as (

    select
        'FB04' as indicator_code,
        school_year as year,
        person_key,
        case language_level_code
            when '1' then 'altersgemaess'
            when '2' then 'foerderbedarf'
            when '3' then 'intensiver_foerderbedarf'
            else 'unbekannt'
        end as category,
        true as is_counted
    from examinations
    where examination_rank = 1

),

{# Allgemeinbildende Schulen: pupils resident on 15 October. #}
as01 as (

    select
        'AS01' as indicator_code,
        transitions.school_year as year,
        transitions.person_key,
        case transitions.entry_kind
            when 'regular' then 'fristgerecht'
            when 'early' then 'vorzeitig'
            when 'deferred' then 'nach_zurueckstellung'
            else 'unbekannt'
        end as category,
        true as is_counted
    from transitions
    inner join person_years
        on
            transitions.person_key = person_years.person_key
            and transitions.school_year = person_years.school_year
    where transitions.transition = 'kita_to_school' and person_years.is_resident_school_date

),

grade5 as (

    select
        transitions.school_year,
        transitions.person_key,
        transitions.to_state,
        transitions.transition_recommendation
    from transitions
    inner join person_years as grade5_year
        on
            transitions.person_key = grade5_year.person_key
            and transitions.school_year = grade5_year.school_year
    inner join person_years as grade4_year
        on
            transitions.person_key = grade4_year.person_key
            and transitions.school_year - 1 = grade4_year.school_year
    where
        transitions.transition = 'grade4_to_grade5'
        and grade4_year.is_resident_school_date
        and grade5_year.is_resident_school_date

),

as02 as (

    select
        'AS02' as indicator_code,
        school_year as year,
        person_key,
        case
            when
                to_state in (
                    'hauptschule', 'realschule', 'sekundarschule', 'gesamtschule', 'gymnasium',
                    'waldorf'
                )
                then to_state
            when to_state = 'special_school' then 'foerderschule'
            else 'sonstige'
        end as category,
        true as is_counted
    from grade5

),

as03 as (

    select
        'AS03' as indicator_code,
        school_year as year,
        person_key,
        case transition_recommendation
            when 'gymnasium' then 'gymnasium'
            when 'realschule_limited_gymnasium' then 'realschule_eingeschraenkt_gymnasium'
            when 'realschule' then 'realschule'
            when 'hauptschule_limited_realschule' then 'hauptschule_eingeschraenkt_realschule'
            when 'hauptschule' then 'hauptschule'
            else 'keine_angabe'
        end as category,
        to_state = 'gymnasium' as is_counted
    from grade5

),

pupils as (

    select
        person_years.*,
        state_alphabet.stage as state_stage,
        case when person_years.grade <= 4 then 'primarstufe' else 'sekundarstufe_i' end
            as school_stage
    from person_years
    left join state_alphabet
        on person_years.state = state_alphabet.state
    where
        person_years.is_resident_school_date
        and person_years.school_form is not null
        and person_years.grade between 1 and 10

),

as04 as (

    select
        'AS04' as indicator_code,
        pupils.school_year as year,
        pupils.person_key,
        pupils.school_stage as category,
        pupils.grade <= previous_year.grade as is_counted
    from pupils
    inner join person_years as previous_year
        on
            pupils.person_key = previous_year.person_key
            and pupils.school_year - 1 = previous_year.school_year
    where previous_year.school_form is not null and previous_year.grade between 1 and 10

),

as05 as (

    select
        'AS05' as indicator_code,
        school_year as year,
        person_key,
        school_stage as category,
        special_needs_focus is not null as is_counted
    from pupils

),

as06 as (

    select
        'AS06' as indicator_code,
        school_year as year,
        person_key,
        case when state = 'special_school' then 'foerderschule' else 'allgemeine_schule' end
            as category,
        true as is_counted
    from pupils
    where special_needs_focus is not null

),

school_type_changes as (

    select
        person_key,
        school_year,
        direction
    from transitions
    where transition = 'school_type_change'

),

as07 as (

    select
        'AS07' as indicator_code,
        pupils.school_year as year,
        pupils.person_key,
        case school_type_changes.direction
            when 'up' then 'aufwaerts'
            when 'down' then 'abwaerts'
            when 'lateral' then 'sonstiger_wechsel'
            when 'undirected' then 'sonstiger_wechsel'
            else 'kein_wechsel'
        end as category,
        true as is_counted
    from pupils
    inner join person_years as previous_year
        on
            pupils.person_key = previous_year.person_key
            and pupils.school_year - 1 = previous_year.school_year
    inner join state_alphabet as previous_stage
        on previous_year.state = previous_stage.state
    left join school_type_changes
        on
            pupils.person_key = school_type_changes.person_key
            and pupils.school_year = school_type_changes.school_year
    where
        pupils.state_stage in ('lower_secondary', 'special_needs')
        and pupils.grade between 6 and 10
        and previous_stage.stage in ('lower_secondary', 'special_needs')
        and previous_year.grade >= 5

),

leavers as (

    select
        leavers.person_key,
        leavers.school_year,
        coalesce(report_groups.certificate_group, 'sonstige') as certificate_group,
        row_number() over (
            partition by leavers.person_key, leavers.school_year
            order by leavers.certificate_level_rank desc nulls last, leavers.leaving_event_key asc
        ) as leaving_rank
    from {{ ref('int_school_leavers') }} as leavers
    left join {{ ref('xwalk_certificate_report_group') }} as report_groups
        on leavers.certificate_key = report_groups.certificate_code
    where leavers.certificate_key is not null

),

as08 as (

    select
        'AS08' as indicator_code,
        school_year as year,
        person_key,
        lower(certificate_group) as category,
        true as is_counted
    from leavers
    where leaving_rank = 1

),

{# Berufliche Bildung. #}
bb01 as (

    select
        'BB01' as indicator_code,
        school_year as year,
        person_key,
        case to_state
            when 'iabe_I' then 'sektor_i_berufsausbildung'
            when 'iabe_II' then 'sektor_ii_uebergangsbereich'
            when 'iabe_III' then 'sektor_iii_hochschulzugang'
            when 'upper_secondary' then 'sektor_iii_hochschulzugang'
            when 'university_inferred' then 'sektor_iv_studium'
            when 'not_in_education' then 'keine_bildung'
            when 'moved_away' then 'fortgezogen'
            when 'died' then 'fortgezogen'
            when 'unknown' then 'unbekannt'
            else 'sonstige'
        end as category,
        true as is_counted
    from transitions
    where transition = 'general_school_to_next'

),

vocational_entrants as (

    select
        person_key,
        school_year,
        min(iabe_sector) as iabe_sector
    from {{ ref('int_vocational_enrolments') }}
    where programme_year = 1 and is_iabe_entrant_sector and iabe_sector is not null
    group by person_key, school_year

),

bb02 as (

    select
        'BB02' as indicator_code,
        school_year as year,
        person_key,
        'sektor_' || lower(iabe_sector) as category,
        true as is_counted
    from vocational_entrants

),

{# Rahmenbedingungen: Bildung und Teilhabe among children 6-17 in benefit receipt. #}
but_years as (

    select
        person_key,
        year,
        greatest(
            coalesce(but_tutoring_months, 0),
            coalesce(but_lunch_months, 0),
            coalesce(but_school_trip_months, 0),
            coalesce(but_school_supplies_months, 0),
            coalesce(but_participation_months, 0)
        ) > 0 as has_but
    from {{ ref('int_benefit_years') }}

),

rb01 as (

    select
        'RB01' as indicator_code,
        person_years.school_year as year,
        person_years.person_key,
        case
            when person_years.age_residence_date <= 9 then '6_bis_9'
            when person_years.age_residence_date <= 14 then '10_bis_14'
            else '15_bis_17'
        end as category,
        coalesce(but_years.has_but, false) as is_counted
    from person_years
    left join but_years
        on
            person_years.person_key = but_years.person_key
            and person_years.school_year = but_years.year
    where
        person_years.is_resident
        and person_years.leistungsbezug = 'ja'
        and person_years.age_residence_date between 6 and 17

),

unioned as (

    select * from fb01
    union all
    select * from fb02
    union all
    select * from fb03
    union all
    select * from fb04
    union all
    select * from as01
    union all
    select * from as02
    union all
    select * from as03
    union all
    select * from as04
    union all
    select * from as05
    union all
    select * from as06
    union all
    select * from as07
    union all
    select * from as08
    union all
    select * from bb01
    union all
    select * from bb02
    union all
    select * from rb01

),

final as (

    select  -- noqa: ST06
        unioned.indicator_code || ':' || cast(unioned.year as varchar) || ':'
        || unioned.person_key as indicator_case_key,
        catalogue.audit_unit,
        unioned.indicator_code,
        catalogue.kind,
        cast(unioned.year as integer) as year,
        unioned.person_key,
        unioned.category,
        unioned.is_counted,
        person_years.city_district,
        person_years.statistical_district,
        person_years.sozialraum,
        person_years.catchment_area,
        -- published sex: diverse, not stated and persons without a person-year (sex null)
        -- go to male or female (macro published_sex)
        case {{ published_sex('person_years.sex', 'unioned.person_key') }}
            when 'male' then 'maennlich'
            else 'weiblich'
        end as geschlecht,
        coalesce(person_years.familiensprache, 'unbekannt') as familiensprache,
        coalesce(person_years.migrationshintergrund, 'unbekannt') as migrationshintergrund,
        coalesce(person_years.leistungsbezug, 'nein') as leistungsbezug
    from unioned
    inner join catalogue
        on unioned.indicator_code = catalogue.indicator_code
    left join person_years
        on
            unioned.person_key = person_years.person_key
            and unioned.year = person_years.school_year

)

select * from final
