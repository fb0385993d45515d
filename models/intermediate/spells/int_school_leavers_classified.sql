with

leavers as (

    {{ linked_records('abgaenge', [
        'reference_date', 'school_year', 'school_id', 'school_form_code', 'school_type',
        'grade', 'leaving_date', 'leaving_kind_code', 'certificate_code_delivered',
        'certificate_code', 'certificate_level', 'certificate_level_rank',
    ]) }}

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
