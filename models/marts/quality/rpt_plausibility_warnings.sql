{#- One row per plausibility warning: a figure that points to an error of the class issue 14
    describes (a rule that throws valid rows away, an indicator that loses a category, a share
    that jumps). Warnings never stop publishing; they show in the dbt/Dagster checks (severity
    warn), in the `bildungspfade run` summary and, without counts, in the report's Datenstand
    (published.pub_plausibility_warnings). Thresholds are vars (dbt_project.yml,
    bp:plausibility:*). Restricted: rows_affected counts rows and persons. -#}

with

rules_measured as (

    select
        dataset,
        reference_date,
        source_file,
        rule,
        column_name,
        rows_quarantined,
        quarantined_share
    from {{ ref('int_quarantine_rules_measured') }}

),

codes_compared as (

    select
        dataset,
        reference_date,
        code_column,
        code_value,
        rules,
        rows_quarantined,
        rows_loaded
    from {{ ref('int_quarantined_codes_compared') }}

),

categories_delivered as (

    select
        indicator_code,
        dataset,
        year,
        category,
        cases_delivered
    from {{ ref('int_indicator_categories_delivered') }}

),

city_values as (

    -- whole-city shares: the published figures a reader compares year on year
    select
        values_.indicator_code,
        values_.year,
        values_.category,
        values_.numerator,
        values_.denominator,
        values_.value
    from {{ ref('fct_indicator_values') }} as values_
    inner join {{ ref('indicator_catalogue') }} as catalogue
        on values_.indicator_code = catalogue.indicator_code
    where
        values_.area_level = 'stadt'
        and values_.subgroup = 'alle'
        and catalogue.unit = 'Prozent'

),

quarantine_share as (

    select
        'quarantine_share' as check_name,
        dataset,
        reference_date,
        {{ school_year_of('reference_date') }} as year,
        rule || ' ' || column_name as subject,
        round(100 * quarantined_share, 1) as observed_value,
        cast(100 * {{ var('bp:plausibility:max_quarantine_share') }} as double) as threshold,
        rows_quarantined as rows_affected,
        'Regel ' || rule || coalesce(' (Spalte ' || nullif(column_name, '') || ')', '')
        || ' sondert ' || {{ german_decimal('round(100 * quarantined_share, 1)') }}
        || ' % der Zeilen von ' || dataset || ', Stichtag ' || {{ german_date('reference_date') }}
        || ' aus (Schwelle '
        || {{ german_decimal(
            'cast(100 * ' ~ var('bp:plausibility:max_quarantine_share') ~ ' as double)'
        ) }}
        || ' %): strenger als die Lieferbeschreibung oder ein fehlerhafter Auszug?'
            as message_de
    from rules_measured
    where
        quarantined_share > {{ var('bp:plausibility:max_quarantine_share') }}
        and rows_quarantined >= {{ var('bp:plausibility:min_rows') }}

),

quarantine_code as (

    select
        'quarantine_code' as check_name,
        dataset,
        reference_date,
        {{ school_year_of('reference_date') }} as year,
        code_column || ' = ' || code_value as subject,
        100.0 as observed_value,
        cast({{ var('bp:plausibility:min_rows') }} as double) as threshold,
        rows_quarantined as rows_affected,
        'Alle Zeilen mit ' || code_column || ' = ' || code_value || ' in ' || dataset
        || ', Stichtag ' || {{ german_date('reference_date') }} || ', ausgesondert (Regel '
        || rules || '): die Kategorie fehlt in allen Auswertungen dieses Jahres.' as message_de
    from codes_compared
    where
        rows_loaded = 0
        and rows_quarantined >= {{ var('bp:plausibility:min_rows') }}

),

category_missing as (

    select
        'category_missing' as check_name,
        categories_delivered.dataset,
        categories_delivered.indicator_code,
        categories_delivered.year,
        categories_delivered.category as subject,
        cast({{ var('bp:plausibility:min_category_cases') }} as double) as threshold,
        categories_delivered.cases_delivered as rows_affected,
        'Kategorie ' || categories_delivered.category || ': Fälle in '
        || categories_delivered.dataset || ' (mindestens '
        || {{ var('bp:plausibility:min_category_cases') }} || '), aber keine in '
        || categories_delivered.indicator_code || ', Schuljahr '
        || {{ school_year_label('categories_delivered.year') }}
        || ': geht die Kategorie in der Berechnung verloren?' as message_de
    from categories_delivered
    left join city_values
        on {{ join_on(
            'categories_delivered', 'city_values', ['indicator_code', 'year', 'category']
        ) }}
    where
        categories_delivered.cases_delivered >= {{ var('bp:plausibility:min_category_cases') }}
        and coalesce(city_values.numerator, 0) = 0

),

awaited_years as (

    -- school years of the datasets an indicator reads that are awaited (a gap): its values
    -- there may change with the re-delivery, the Datenstand already says so, no jump warns
    select distinct
        indicator_datasets.indicator_code,
        delivery_status.school_year
    from {{ ref('rpt_delivery_status') }} as delivery_status
    inner join {{ ref('int_indicator_datasets_mapped') }} as indicator_datasets
        on delivery_status.dataset = indicator_datasets.dataset
    where delivery_status.is_awaited

),

year_pairs as (

    select
        this_year.indicator_code,
        this_year.year,
        this_year.category,
        this_year.value,
        last_year.value as last_value,
        this_year.value - last_year.value as change_points
    from city_values as this_year
    inner join city_values as last_year
        on
            this_year.indicator_code = last_year.indicator_code
            and this_year.category = last_year.category
            and this_year.year = last_year.year + 1
    where
        this_year.denominator >= {{ var('bp:plausibility:min_share_base') }}
        and last_year.denominator >= {{ var('bp:plausibility:min_share_base') }}
        -- indicators read up to two school years back (BB01: leavers of y-1, AS02: grade 4
        -- in y-1): a gap in y-2 to y may move the pair
        and not exists (
            select 1 as is_awaited
            from awaited_years
            where
                awaited_years.indicator_code = this_year.indicator_code
                and awaited_years.school_year between this_year.year - 2 and this_year.year
        )

),

share_jump as (

    select
        'share_jump' as check_name,
        indicator_code,
        year,
        category as subject,
        round(change_points, 1) as observed_value,
        cast({{ var('bp:plausibility:max_share_jump_points') }} as double) as threshold,
        indicator_code || ' ' || category || ': '
        || {{ german_decimal('round(last_value, 1)') }} || ' % im Schuljahr '
        || {{ school_year_label('year - 1') }} || ', '
        || {{ german_decimal('round(value, 1)') }} || ' % im Schuljahr '
        || {{ school_year_label('year') }} || ' ('
        || case when change_points > 0 then '+' else '' end
        || {{ german_decimal('round(change_points, 1)') }}
        || ' Prozentpunkte, Schwelle ' || {{ var('bp:plausibility:max_share_jump_points') }}
        || '): echte Veränderung oder ein Fehler in Lieferung oder Regel?' as message_de
    from year_pairs
    where abs(change_points) > {{ var('bp:plausibility:max_share_jump_points') }}

),

warnings as (

    -- by name: each check states only the columns it has, the others are NULL
    select * from quarantine_share
    union all by name
    select * from quarantine_code
    union all by name
    select * from category_missing
    union all by name
    select * from share_jump

),

keyed as (

    select  -- noqa: ST06
        check_name || ':' || coalesce(dataset, '') || ':' || coalesce(indicator_code, '') || ':'
        || coalesce(cast(reference_date as varchar), cast(year as varchar)) || ':' || subject
            as warning_key,
        check_name,
        dataset,
        indicator_code,
        reference_date,
        year,
        subject,
        observed_value,
        threshold,
        rows_affected,
        message_de
    from warnings

)

select * from keyed
