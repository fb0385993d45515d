{# BB01 Erster Schritt nach der allgemeinbildenden Schule: one row per person who left general
    school for good in y-1 (transition general_school_to_next into y), by the state in y
    (iABE sector, upper secondary as sector III, an inferred university start as sector IV,
    no education, moved away or died, unknown). #}
with

first_steps as (

    select
        person_key,
        school_year,
        to_state
    from {{ ref('fct_transitions') }}
    where transition = 'general_school_to_next'

),

cases as (

    select  -- noqa: ST06
        'BB01' as indicator_code,
        school_year as year,
        person_key,
        case to_state
            when 'iabe_I' then 'sektor_i_berufsausbildung'
            when 'iabe_II' then 'sektor_ii_uebergangsbereich'
            when 'iabe_III' then 'sektor_iii_hochschulzugang'
            when 'upper_secondary' then 'sektor_iii_hochschulzugang'
            when 'university_inferred' then 'sektor_iv_studium'
            when 'not_in_education' then 'keine_bildung'
            when 'moved_away' then 'fortgezogen'
            when 'died' then 'fortgezogen'
            when 'unknown' then 'unbekannt'
            else 'sonstige'
        end as category,
        true as is_counted
    from first_steps

)

select * from cases
