with

xwalk_sex as (

    select
        source_code,
        sex
    from {{ ref('xwalk_sex') }}
    where source_system = 'register'

),

delivered as (

    {{ delivered_rows('kita') }}

),

renamed as (

    select
        {{ provenance_columns('delivered') }},
        delivered.pid as pseudonym,
        delivered.namen_clk as name_bloom_filter,
        cast(delivered.geburtsmonat as date) as birth_month,
        delivered.geschlecht as sex_code,
        xwalk_sex.sex,
        delivered.einrichtung_nr as kita_id,
        delivered.betreuungsart as care_type_code,
        {{ code_to_boolean('delivered.betreuungsart', '2', '1') }} as is_childminder_care,
        cast(delivered.betreut_seit as date) as care_start_date,
        {{ code_to_boolean('delivered.auslaendische_herkunft', '1', '2') }}
            as has_parent_of_foreign_origin,
        {{ code_to_boolean('delivered.familiensprache', '1', '2') }} as is_family_language_german,
        cast(delivered.betreuungszeit as integer) as contracted_hours_per_week,
        {{ code_to_boolean('delivered.eingliederungshilfe', '1', '2') }}
            as has_integration_assistance,
        {{ build_fingerprint() }} as build_fingerprint,
        {{ record_hash('delivered', [
            'pid', 'geburtsmonat', 'namen_clk', 'einrichtung_nr', 'betreuungsart',
            'geschlecht', 'betreut_seit', 'auslaendische_herkunft', 'familiensprache',
            'betreuungszeit', 'eingliederungshilfe',
        ]) }} as record_hash
    from delivered
    left join xwalk_sex
        on delivered.geschlecht = xwalk_sex.source_code

),

flagged as (

    {{ flag_exact_duplicates('renamed') }}

)

select * from flagged
