{# One row per indicator, year and person in the indicator's base population (restricted:
    person level). `category` is the person's category in the indicator's table, `is_counted`
    whether the person counts in the numerator (always true for distributions). Areas and
    subgroups come from the person-year panel (residence on 31 Dec of the year). Definitions:
    seeds/indicators/indicator_catalogue.csv and docs/indicators.md.

    Each indicator's cases come from its own model, models/marts/indicators/cases/
    fct_indicator_cases__<code>.sql; the generated macro indicator_case_models lists them
    from the catalogue (python -m bildungspfade.generate.indicator_cases), so the refs below are
    known when dbt parses the project. #}
with

person_years as (

    select
        person_key,
        school_year,
        city_district,
        statistical_district,
        sozialraum,
        catchment_area,
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

catalogue as (

    select
        indicator_code,
        kind,
        audit_unit
    from {{ ref('indicator_catalogue') }}

),

cases as (

    {% for case_model in indicator_case_models() %}
        select
            indicator_code,
            year,
            person_key,
            category,
            is_counted
        from {{ ref(case_model) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select  -- noqa: ST06
        cases.indicator_code || ':' || cast(cases.year as varchar) || ':'
        || cases.person_key as indicator_case_key,
        catalogue.audit_unit,
        cases.indicator_code,
        catalogue.kind,
        cast(cases.year as integer) as year,
        cases.person_key,
        cases.category,
        cases.is_counted,
        person_years.city_district,
        person_years.statistical_district,
        person_years.sozialraum,
        person_years.catchment_area,
        -- published sex: diverse, not stated and persons without a person-year (sex null)
        -- go to male or female (macro published_sex)
        case {{ published_sex('person_years.sex', 'cases.person_key') }}
            when 'male' then 'maennlich'
            else 'weiblich'
        end as geschlecht,
        coalesce(person_years.familiensprache, 'unbekannt') as familiensprache,
        coalesce(person_years.migrationshintergrund, 'unbekannt') as migrationshintergrund,
        coalesce(person_years.leistungsbezug, 'nein') as leistungsbezug
    from cases
    inner join catalogue
        on cases.indicator_code = catalogue.indicator_code
    left join person_years
        on
            cases.person_key = person_years.person_key
            and cases.year = person_years.school_year

)

select * from final
