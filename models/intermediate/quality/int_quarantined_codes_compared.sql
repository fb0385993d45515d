{#- One row per current delivery, code column and code value held by quarantined rows: the rows
    of that value quarantined and loaded. A value whose every row was quarantined is a category
    the models will not see at all (issue 14: every C-FOS and D-BG row quarantined by the
    jahrgang rule). A row quarantined for the code column itself (a value outside its code
    list) does not count for that column: its value is the fault, not a lost category. -#}

with

quarantine as (

    select
        delivery_id,
        dataset,
        reference_date,
        rule,
        column_name,
        record
    from {{ ref('stg_audit__quarantine') }}

),

loaded_code_values as (

    select
        delivery_id,
        code_column,
        code_value,
        rows_loaded
    from {{ ref('stg_audit__loaded_code_values') }}

),

code_columns as (

    {#- the columns with a code list per dataset (spec.py, registry) -#}
    {% for dataset, column in dataset_code_columns() %}
        select
            '{{ dataset }}' as dataset,
            '{{ column }}' as code_column
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

quarantined_code_values as (

    select
        quarantine.delivery_id,
        quarantine.dataset,
        quarantine.reference_date,
        code_columns.code_column,
        json_extract_string(quarantine.record, '$.' || code_columns.code_column) as code_value,
        quarantine.rule || ':' || coalesce(quarantine.column_name, '') as rule_column
    from quarantine
    inner join code_columns
        on quarantine.dataset = code_columns.dataset
    where quarantine.column_name is distinct from code_columns.code_column

),

quarantined_counts as (

    select
        delivery_id,
        dataset,
        reference_date,
        code_column,
        code_value,
        count(*) as rows_quarantined,
        string_agg(distinct rule_column, ', ' order by rule_column) as rules
    from quarantined_code_values
    where coalesce(code_value, '') <> ''
    group by delivery_id, dataset, reference_date, code_column, code_value

),

compared as (

    select
        quarantined_counts.delivery_id,
        quarantined_counts.dataset,
        quarantined_counts.reference_date,
        quarantined_counts.code_column,
        quarantined_counts.code_value,
        quarantined_counts.rules,
        quarantined_counts.rows_quarantined,
        coalesce(loaded_code_values.rows_loaded, 0) as rows_loaded
    from quarantined_counts
    left join loaded_code_values
        on {{ join_on(
            'quarantined_counts', 'loaded_code_values', ['delivery_id', 'code_column', 'code_value']
        ) }}

)

select * from compared
