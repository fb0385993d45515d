with

xwalk_seu_empfehlung as (

    select
        empfehlung_code,
        recommendation
    from {{ ref('xwalk_seu_empfehlung') }}

),

renamed as (

    select
        {{ leading_columns('seu') }},
        cast(delivered.untersuchung_datum as date) as examination_date,
        delivered.kita_besuch as kita_attendance_code,
        delivered.sprachstand as language_level_code,
        {{ code_to_boolean('delivered.deutsch_erstsprache', '1', '2') }}
            as is_german_first_language,
        delivered.empfehlung as recommendation_code,
        xwalk_seu_empfehlung.recommendation,
        delivered.baublock as block_id,
        {{ trailing_columns('seu') }}
    {{ from_delivered('seu') }}
    left join xwalk_seu_empfehlung
        on delivered.empfehlung = xwalk_seu_empfehlung.empfehlung_code

)

select * from renamed
