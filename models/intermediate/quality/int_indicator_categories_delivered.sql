{#- One row per indicator, year and category that the delivered data hold cases of: the rows
    of the dataset an indicator is built from whose delivered code maps, through the same
    crosswalk seed the indicator reads, to one of the indicator's categories. The check
    category_missing (rpt_plausibility_warnings) compares them with the indicator's values:
    a category with cases here and none in the indicator means the indicator's logic lost it
    (issue 14: pupils in C-FOS and D-BG, no iABE sector III entrant in BB02).

    The link of category to delivered code is the crosswalk; which indicator reads which
    crosswalk is declared here, one CTE per indicator (the catalogue names the datasets, not
    the code columns):
    - BB02: berufskolleg bildungsgang -> xwalk_bildungsgang_iabe.iabe_sector (entrant
      sectors), every enrolment of the school year whatever its jahrgang;
    - AS08: abgaenge abschluss -> xwalk_abschluss.certificate_code ->
      xwalk_certificate_report_group.certificate_group, leavers with a delivered
      certificate. -#}

with

vocational_enrolments as (

    select
        school_year,
        iabe_sector,
        person_key
    from {{ ref('int_vocational_enrolments_deduplicated') }}
    where is_iabe_entrant_sector and iabe_sector is not null

),

leavers as (

    select
        school_year,
        certificate_code_delivered,
        leaving_event_key
    from {{ ref('int_school_leavers_classified') }}
    where certificate_code_delivered is not null

),

xwalk_abschluss as (

    select distinct
        abschluss_code,
        certificate_code
    from {{ ref('xwalk_abschluss') }}

),

xwalk_certificate_report_group as (

    select distinct
        certificate_code,
        certificate_group
    from {{ ref('xwalk_certificate_report_group') }}

),

bb02_delivered as (

    select
        'BB02' as indicator_code,
        'berufskolleg' as dataset,
        school_year as year,
        'sektor_' || lower(iabe_sector) as category,
        count(distinct person_key) as cases_delivered
    from vocational_enrolments
    group by school_year, iabe_sector

),

as08_delivered as (

    select
        'AS08' as indicator_code,
        'abgaenge' as dataset,
        leavers.school_year as year,
        lower(xwalk_certificate_report_group.certificate_group) as category,
        count(distinct leavers.leaving_event_key) as cases_delivered
    from leavers
    inner join xwalk_abschluss
        on leavers.certificate_code_delivered = xwalk_abschluss.abschluss_code
    inner join xwalk_certificate_report_group
        on xwalk_abschluss.certificate_code = xwalk_certificate_report_group.certificate_code
    group by leavers.school_year, lower(xwalk_certificate_report_group.certificate_group)

),

delivered as (

    select * from bb02_delivered
    union all
    select * from as08_delivered

)

select * from delivered
