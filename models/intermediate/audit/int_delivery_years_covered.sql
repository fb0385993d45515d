{#- One row per person-level dataset and school year it was delivered for: the data coverage
    that tells a state from a missing delivery (fct_person_years). -#}

with

current_deliveries as (

    select
        dataset,
        reference_date
    from {{ ref('stg_audit__deliveries') }}
    where is_current

),

years_covered as (

    -- A reference date lies in one school year (1 August to 31 July): the Kita's 1 March of
    -- y+1 covers school year y. Directory snapshots are left out: the newest holds every
    -- validity period, so its date says nothing about the years it covers.

    select distinct
        dataset,
        {{ school_year_of('reference_date') }} as school_year
    from current_deliveries
    where dataset in ({{ "'" ~ dataset_names(person_level=true) | join("', '") ~ "'" }})

)

select * from years_covered
