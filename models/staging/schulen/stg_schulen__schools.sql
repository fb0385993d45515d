with

xwalk_schulform as (

    select
        schulform_code,
        school_type,
        school_stage
    from {{ ref('xwalk_schulform') }}

),

delivered as (

    {{ delivered_rows('schulen') }}

),

renamed as (

    select
        {{ provenance_columns('delivered') }},
        delivered.schulnr as school_id,
        delivered.name as school_name,
        delivered.schulform as school_form_code,
        xwalk_schulform.school_type,
        xwalk_schulform.school_stage,
        {{ code_to_boolean('delivered.traegerschaft', 'P', 'O') }} as is_private,
        delivered.baublock as block_id,
        cast(delivered.gueltig_ab as date) as valid_from,
        cast(delivered.gueltig_bis as date) as valid_to,
        {{ record_hash('delivered', [
            'schulnr', 'name', 'schulform', 'traegerschaft', 'baublock', 'gueltig_ab',
            'gueltig_bis',
        ]) }} as record_hash
    from delivered
    left join xwalk_schulform
        on delivered.schulform = xwalk_schulform.schulform_code

),

flagged as (

    {{ flag_exact_duplicates('renamed') }}

),

final as (

    select
        *,
        reference_date = max(reference_date) over () as is_latest_snapshot
    from flagged

)

select * from final
