{#- The school entry examinations (stg_seu__examinations, 31 Jul) of linked persons: the
    one place marts read examinations from. -#}
with

examinations as (

    {{ linked_records('seu', [
        'reference_date', 'examination_date', 'language_level_code', 'recommendation_code',
        'recommendation',
    ]) }}

),

final as (

    select
        record_key,
        person_key,
        reference_date,
        examination_date,
        {{ school_year_of('examination_date') }} as school_year,
        language_level_code,
        recommendation_code,
        recommendation
    from examinations

)

select * from final
