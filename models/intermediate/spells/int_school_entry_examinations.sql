{#- The school entry examinations (stg_seu__examinations, 31 Jul) of linked persons: the
    one place marts read examinations from. Exact duplicates are dropped (and counted) once,
    in the de-duplicated records, which also hold the person key. -#}
with

examinations as (

    select
        staged.record_key,
        distinct_records.person_key,
        staged.reference_date,
        staged.examination_date,
        {{ school_year_of('staged.examination_date') }} as school_year,
        staged.language_level_code,
        staged.recommendation_code,
        staged.recommendation
    from {{ ref('stg_seu__examinations') }} as staged
    inner join {{ ref('int_person_records_deduplicated') }} as distinct_records
        on staged.record_key = distinct_records.record_key
    where distinct_records.dataset = 'seu' and distinct_records.person_key is not null

)

select * from examinations
