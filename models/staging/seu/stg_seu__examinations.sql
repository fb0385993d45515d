with

xwalk_sex as (

    select
        source_code,
        sex
    from {{ ref('xwalk_sex') }}
    where source_system = 'register'

),

xwalk_seu_empfehlung as (

    select
        empfehlung_code,
        recommendation
    from {{ ref('xwalk_seu_empfehlung') }}

),

delivered as (

    {{ delivered_rows('seu') }}

),

renamed as (

    select
        {{ provenance_columns('delivered') }},
        delivered.pid as pseudonym,
        delivered.namen_clk as name_bloom_filter,
        cast(delivered.geburtsmonat as date) as birth_month,
        delivered.geschlecht as sex_code,
        xwalk_sex.sex,
        cast(delivered.untersuchung_datum as date) as examination_date,
        delivered.kita_besuch as kita_attendance_code,
        delivered.sprachstand as language_level_code,
        {{ code_to_boolean('delivered.deutsch_erstsprache', '1', '2') }}
            as is_german_first_language,
        delivered.empfehlung as recommendation_code,
        xwalk_seu_empfehlung.recommendation,
        delivered.baublock as block_id,
        {{ build_fingerprint() }} as build_fingerprint,
        {{ record_hash('delivered', [
            'pid', 'geburtsmonat', 'namen_clk', 'geschlecht', 'untersuchung_datum',
            'kita_besuch', 'sprachstand', 'deutsch_erstsprache', 'empfehlung',
            'baublock',
        ]) }} as record_hash
    from delivered
    left join xwalk_sex
        on delivered.geschlecht = xwalk_sex.source_code
    left join xwalk_seu_empfehlung
        on delivered.empfehlung = xwalk_seu_empfehlung.empfehlung_code

),

flagged as (

    {{ flag_exact_duplicates('renamed') }}

)

select * from flagged
