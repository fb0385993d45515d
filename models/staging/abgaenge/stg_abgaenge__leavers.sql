with

xwalk_sex as (

    select
        source_code,
        sex
    from {{ ref('xwalk_sex') }}
    where source_system = 'school'

),

xwalk_schulform as (

    select
        schulform_code,
        school_type,
        school_stage
    from {{ ref('xwalk_schulform') }}

),

xwalk_abschluss as (

    select
        abschluss_code,
        certificate_code,
        certificate_level,
        certificate_level_rank,
        is_without_certificate,
        is_outdated_label,
        valid_from,
        coalesce(valid_to, {{ open_end() }}) as valid_to
    from {{ ref('xwalk_abschluss') }}

),

delivered as (

    {{ delivered_rows('abgaenge') }}

),

renamed as (

    select
        {{ provenance_columns('delivered') }},
        delivered.pid as pseudonym,
        delivered.namen_clk as name_bloom_filter,
        cast(delivered.geburtsmonat as date) as birth_month,
        delivered.geschlecht as sex_code,
        xwalk_sex.sex,
        delivered.schuljahr as school_year,
        delivered.schulnr as school_id,
        delivered.schulform as school_form_code,
        xwalk_schulform.school_type,
        xwalk_schulform.school_stage,
        delivered.jahrgang as grade,
        cast(delivered.abgang_datum as date) as leaving_date,
        delivered.abschluss as certificate_code_delivered,
        xwalk_abschluss.certificate_code,
        xwalk_abschluss.certificate_level,
        xwalk_abschluss.certificate_level_rank,
        xwalk_abschluss.is_without_certificate,
        xwalk_abschluss.is_outdated_label as is_certificate_label_outdated,
        delivered._stichtag between xwalk_abschluss.valid_from and xwalk_abschluss.valid_to
            as is_certificate_label_in_period,
        delivered.abgang_art as leaving_kind_code,
        {{ build_fingerprint() }} as build_fingerprint,
        {{ record_hash('delivered', [
            'pid', 'geburtsmonat', 'namen_clk', 'schuljahr', 'schulnr', 'schulform',
            'jahrgang', 'geschlecht', 'abgang_datum', 'abschluss', 'abgang_art',
        ]) }} as record_hash
    from delivered
    left join xwalk_sex
        on delivered.geschlecht = xwalk_sex.source_code
    left join xwalk_schulform
        on delivered.schulform = xwalk_schulform.schulform_code
    left join xwalk_abschluss
        on delivered.abschluss = xwalk_abschluss.abschluss_code

),

flagged as (

    {{ flag_exact_duplicates('renamed') }}

)

select * from flagged
