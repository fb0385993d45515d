with

source as (

    select * from {{ source('raw', 'berufskolleg') }}

),

current_deliveries as (

    select delivery_id
    from {{ source('audit', 'current_deliveries') }}
    where dataset = 'berufskolleg'

),

xwalk_sex as (

    select
        source_code,
        sex
    from {{ ref('xwalk_sex') }}
    where source_system = 'school'

),

xwalk_bildungsgang_iabe as (

    select
        bildungsgang_code,
        iabe_sector,
        iabe_account,
        is_iabe_entrant_sector
    from {{ ref('xwalk_bildungsgang_iabe') }}

),

xwalk_abschluss as (

    select
        abschluss_code,
        certificate_code,
        certificate_level,
        certificate_level_rank
    from {{ ref('xwalk_abschluss') }}

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
        delivered.schuljahr as school_year,
        delivered.schulnr as school_id,
        delivered.bildungsgang as programme_code,
        xwalk_bildungsgang_iabe.iabe_sector,
        xwalk_bildungsgang_iabe.iabe_account,
        xwalk_bildungsgang_iabe.is_iabe_entrant_sector,
        delivered.jahrgang as grade,
        delivered.vorbildung as prior_certificate_code_delivered,
        xwalk_abschluss.certificate_code as prior_certificate_code,
        xwalk_abschluss.certificate_level as prior_certificate_level,
        xwalk_abschluss.certificate_level_rank as prior_certificate_level_rank,
        {{ code_to_boolean('delivered.ausbildungsvertrag', 'J', 'N') }}
            as has_training_contract,
        delivered.wohn_baublock as residence_block_id,
        {{ record_hash('delivered', [
            'pid', 'geburtsmonat', 'namen_clk', 'schuljahr', 'schulnr', 'bildungsgang',
            'jahrgang', 'geschlecht', 'vorbildung', 'ausbildungsvertrag', 'wohn_baublock',
        ]) }} as record_hash
    from delivered
    left join xwalk_sex
        on delivered.geschlecht = xwalk_sex.source_code
    left join xwalk_bildungsgang_iabe
        on delivered.bildungsgang = xwalk_bildungsgang_iabe.bildungsgang_code
    left join xwalk_abschluss
        on delivered.vorbildung = xwalk_abschluss.abschluss_code

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
