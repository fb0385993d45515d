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
        is_certificate_event,
        certificate_code_if_empty
    from {{ ref('xwalk_abgang_art') }}

),

xwalk_abschluss as (

    select
        abschluss_code,
        certificate_code,
        certificate_level,
        certificate_level_rank
    from {{ ref('xwalk_abschluss') }}

),

-- An empty abschluss is allowed where the pupil left without a certificate (extracts.md):
-- for a certificate event it stands for the seed's certificate_code_if_empty (OA).
leavers_with_certificate as (

    select
        leavers.*,
        xwalk_abgang_art.leaving_kind,
        xwalk_abgang_art.is_certificate_event,
        coalesce(leavers.certificate_code, xwalk_if_empty.certificate_code)
            as certificate_code_read,
        coalesce(leavers.certificate_level, xwalk_if_empty.certificate_level)
            as certificate_level_read,
        coalesce(leavers.certificate_level_rank, xwalk_if_empty.certificate_level_rank)
            as certificate_level_rank_read
    from leavers
    left join xwalk_abgang_art
        on leavers.leaving_kind_code = xwalk_abgang_art.abgang_art_code
    left join xwalk_abschluss as xwalk_if_empty
        on
            leavers.certificate_code_delivered is null
            and xwalk_abgang_art.certificate_code_if_empty = xwalk_if_empty.abschluss_code

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
        coalesce(leavers.leaving_kind, 'unknown') as leaving_kind,
        leavers.leaving_kind_code,
        {#- a move away is not a certificate: the delivered abschluss of such rows is not kept -#}
        case when leavers.is_certificate_event then leavers.certificate_code_read end
            as certificate_key,
        case when leavers.is_certificate_event then leavers.certificate_level_read end
            as certificate_level,
        case when leavers.is_certificate_event then leavers.certificate_level_rank_read end
            as certificate_level_rank,
        leavers.certificate_code_delivered
    from leavers_with_certificate as leavers

)

select * from final
