{# One row per child and school year in the early-childhood base population shared by
    FB01-FB03 (and the Kita children of RB02-RB05, fct_segregation_indices): children aged 0-5
    on 1 March of y+1, resident on that day and not yet at school (home care, Kita or
    Kindertagespflege). #}
with

person_years as (

    select
        person_key,
        school_year,
        state,
        is_resident_care_date,
        age_care_date,
        kita_id,
        statistical_district,
        has_nongerman_family_language,
        has_benefit_receipt,
        contracted_hours
    from {{ ref('fct_person_years') }}

),

children as (

    select
        person_key,
        school_year,
        state,
        age_care_date,
        kita_id,
        statistical_district,
        has_nongerman_family_language,
        has_benefit_receipt,
        contracted_hours,
        state in ('kita', 'tagespflege') as is_in_care,
        case when age_care_date < 3 then 'unter_3' else '3_bis_schuleintritt' end as age_band
    from person_years
    where
        is_resident_care_date
        and age_care_date between 0 and 5
        and state in ('home_care', 'kita', 'tagespflege')

)

select * from children
