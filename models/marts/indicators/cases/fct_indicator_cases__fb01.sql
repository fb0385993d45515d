{# FB01 Betreuungsquote nach Altersjahr: one row per child and school year in the
    early-childhood base; counted when in a Kita or Kindertagespflege on 1 March of y+1. #}
with

children as (

    select
        person_key,
        school_year,
        age_care_date,
        is_in_care
    from {{ ref('fct_indicator_base__early_childhood') }}

),

cases as (

    select  -- noqa: ST06
        'FB01' as indicator_code,
        school_year as year,
        person_key,
        case age_care_date
            when 0 then 'unter_1'
            when 1 then '1_jahr'
            when 2 then '2_jahre'
            when 3 then '3_jahre'
            when 4 then '4_jahre'
            else '5_jahre_und_aelter'
        end as category,
        is_in_care as is_counted
    from children

)

select * from cases
