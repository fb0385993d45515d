{# BB02 Anfängerinnen und Anfänger am Berufskolleg nach iABE-Sektor: one row per person in the
    first year of a programme of an iABE entrant sector on 15 October of y, by sector (of two
    such programmes the lower sector, I before II). Counted by school. The first year is
    programme_year 1 of int_vocational_enrolments_deduplicated, whichever numbering the
    school uses for jahrgang (1, 2, 3 or 11, 12, 13; seed xwalk_programme_year_numbering). #}
with

vocational_entrants as (

    select
        person_key,
        school_year,
        min(iabe_sector) as iabe_sector
    from {{ ref('int_vocational_enrolments_deduplicated') }}
    where programme_year = 1 and is_iabe_entrant_sector and iabe_sector is not null
    group by person_key, school_year

),

cases as (

    select  -- noqa: ST06
        'BB02' as indicator_code,
        school_year as year,
        person_key,
        'sektor_' || lower(iabe_sector) as category,
        true as is_counted
    from vocational_entrants

)

select * from cases
