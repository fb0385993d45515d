with

leavers as (

    select
        staged.record_key,
        distinct_records.person_key,
        staged.reference_date,
        staged.school_year,
        staged.school_id,
        staged.school_form_code,
        staged.school_type,
        staged.grade,
        staged.leaving_date,
        staged.leaving_kind_code,
        staged.certificate_code_delivered,
        staged.certificate_code,
        staged.certificate_level,
        staged.certificate_level_rank
    from {{ ref('stg_abgaenge__leavers') }} as staged
    -- exact duplicates are dropped (and counted) once, in the de-duplicated records,
    -- which also hold the person key
    inner join {{ ref('int_person_records_deduplicated') }} as distinct_records
        on staged.record_key = distinct_records.record_key
    where distinct_records.dataset = 'abgaenge' and distinct_records.person_key is not null

),

xwalk_abgang_art as (

    select
        abgang_art_code,
        leaving_kind,
        is_certificate_event
    from {{ ref('xwalk_abgang_art') }}

),

final as (

    select
        leavers.record_key as leaving_event_key,
        leavers.person_key,
        leavers.school_year,
        leavers.reference_date,
        leavers.leaving_date,
        leavers.school_id,
        leavers.school_form_code as school_form,
        leavers.school_type,
        leavers.grade,
        coalesce(xwalk_abgang_art.leaving_kind, 'unknown') as leaving_kind,
        leavers.leaving_kind_code,
        {#- a move away is not a certificate: the delivered abschluss of such rows is not kept -#}
        case when xwalk_abgang_art.is_certificate_event then leavers.certificate_code end
            as certificate_key,
        case when xwalk_abgang_art.is_certificate_event then leavers.certificate_level end
            as certificate_level,
        case when xwalk_abgang_art.is_certificate_event then leavers.certificate_level_rank end
            as certificate_level_rank,
        leavers.certificate_code_delivered
    from leavers
    left join xwalk_abgang_art
        on leavers.leaving_kind_code = xwalk_abgang_art.abgang_art_code

)

select * from final
