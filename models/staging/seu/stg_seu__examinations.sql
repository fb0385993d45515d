with

source as (

    select * from {{ source('raw', 'seu') }}

),

current_deliveries as (

    select delivery_id
    from {{ source('audit', 'current_deliveries') }}
    where dataset = 'seu'

),

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

    select source.*
    from source
    inner join current_deliveries
        on source._delivery_id = current_deliveries.delivery_id

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

    select
        *,
        row_number() over (
            partition by delivery_id, record_hash order by row_number
        ) as duplicate_ordinal
    from renamed

),

final as (

    select
        *,
        duplicate_ordinal > 1 as is_exact_duplicate
    from flagged

)

select * from final
