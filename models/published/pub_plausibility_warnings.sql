{#- One row per plausibility warning, for the report's Datenstand and every reader of the
    published copy: which check, on what, the observed share or change and the threshold, and
    the German message. No count leaves: rows_affected stays in the marts. A share jump repeats
    two whole-city shares; where either is not published (pub_indicators.value null: withheld
    by disclosure control) the warning says only that the threshold was passed. -#}

with

warnings as (

    -- rows_affected is a count of records: it stays in the marts
    select * exclude (warning_key, rows_affected)
    from {{ ref('rpt_plausibility_warnings') }}

),

published_city_values as (

    select
        indicator_code,
        year,
        category,
        value
    from {{ ref('pub_indicators') }}
    where area_level = 'stadt' and subgroup = 'alle' and value is not null

),

disclosed as (

    select
        warnings.*,
        warnings.check_name <> 'share_jump'
        or (this_year.value is not null and last_year.value is not null) as is_figure_published
    from warnings
    left join published_city_values as this_year
        on
            warnings.indicator_code = this_year.indicator_code
            and warnings.year = this_year.year
            and warnings.subject = this_year.category
    left join published_city_values as last_year
        on
            warnings.indicator_code = last_year.indicator_code
            and warnings.year = last_year.year + 1
            and warnings.subject = last_year.category

),

labelled as (

    -- in the contract's column order
    select  -- noqa: ST06
        check_name,
        case check_name
            when 'quarantine_share' then 'Regel sondert viele Zeilen aus'
            when 'quarantine_code' then 'Kategorie vollständig ausgesondert'
            when 'category_missing' then 'Kategorie fehlt im Indikator'
            when 'share_jump' then 'Anteil springt'
        end as check_label,
        dataset,
        indicator_code,
        reference_date,
        cast(year as integer) as year,
        subject,
        case when is_figure_published then observed_value end as observed_value,
        threshold,
        case
            when is_figure_published then message_de
            else
                indicator_code || ' ' || subject || ': der Anteil ändert sich vom Schuljahr '
                || {{ school_year_label('year - 1') }} || ' zum Schuljahr '
                || {{ school_year_label('year') }} || ' um mehr als '
                || {{ german_decimal('threshold') }} || ' Prozentpunkte.'
        end as message_de
    from disclosed

),

published as (

    select * from labelled
    order by check_name, coalesce(dataset, indicator_code), year, subject

)

select * from published
