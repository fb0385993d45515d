{#- One row per spell model and source dataset: every staged row is either represented in the
    model (rows_kept) or dropped with a counted reason. -#}
{#- (spell model, dataset) for every spell model of every dataset: spec.py spell_models, read
    through macro dataset_registry -#}
{%- set spell_sources = [] -%}
{%- for dataset, entry in dataset_registry().items() -%}
    {%- for model in entry.spell_models -%}
        {%- do spell_sources.append((model, dataset)) -%}
    {%- endfor -%}
{%- endfor -%}

with

per_dataset as (

    select
        dataset,
        sum(rows_staged) as rows_in,
        sum(rows_dropped_exact_duplicate) as rows_dropped_exact_duplicate,
        sum(rows_kept_without_pseudonym) as rows_dropped_no_pseudonym
    from {{ ref('int_person_records_reconciled') }}
    group by dataset

),

staged as (

    {% for model, dataset in spell_sources %}
        select
            '{{ model }}' as model_name,
            dataset,
            rows_in,
            rows_dropped_exact_duplicate,
            rows_dropped_no_pseudonym
        from per_dataset
        where dataset = '{{ dataset }}'
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

residence_points as (

    select
        dataset,
        count(*) filter (where drop_reason is null) as rows_kept,
        count(*) filter (where drop_reason is not null) as rows_dropped_by_rule,
        string_agg(distinct drop_reason, ', ' order by drop_reason) as drop_rules
    from {{ ref('int_residence_points_collected') }}
    group by dataset

),

residence_spells as (

    select sum(record_count) as rows_in_spells
    from {{ ref('int_residence_spells_built') }}

),

modelled as (

    select
        'int_residence_spells_built' as model_name,
        residence_points.dataset,
        residence_points.rows_kept,
        residence_points.rows_dropped_by_rule,
        residence_points.drop_rules
    from residence_points
    union all
    select
        'int_kita_spells_built' as model_name,
        'kita' as dataset,
        sum(record_count) as rows_kept,
        sum(dropped_record_count) as rows_dropped_by_rule,
        'second_kita_on_reference_date' as drop_rules
    from {{ ref('int_kita_spells_built') }}
    union all
    select
        'int_school_enrolments_deduplicated' as model_name,
        'schueler' as dataset,
        count(*) as rows_kept,
        sum(dropped_record_count) as rows_dropped_by_rule,
        'second_enrolment_in_school_year' as drop_rules
    from {{ ref('int_school_enrolments_deduplicated') }}
    union all
    select
        'int_school_spells_built' as model_name,
        'schueler' as dataset,
        sum(record_count) as rows_kept,
        sum(dropped_record_count) as rows_dropped_by_rule,
        'second_enrolment_in_school_year' as drop_rules
    from {{ ref('int_school_spells_built') }}
    union all
    select
        'int_school_leavers_classified' as model_name,
        'abgaenge' as dataset,
        count(*) as rows_kept,
        0 as rows_dropped_by_rule,
        null as drop_rules
    from {{ ref('int_school_leavers_classified') }}
    union all
    select
        'int_vocational_enrolments_deduplicated' as model_name,
        'berufskolleg' as dataset,
        count(*) as rows_kept,
        sum(dropped_record_count) as rows_dropped_by_rule,
        'second_enrolment_in_programme' as drop_rules
    from {{ ref('int_vocational_enrolments_deduplicated') }}
    union all
    select
        'int_benefit_years_deduplicated' as model_name,
        'sgb2' as dataset,
        count(*) as rows_kept,
        sum(dropped_record_count) as rows_dropped_by_rule,
        'second_row_in_benefit_year' as drop_rules
    from {{ ref('int_benefit_years_deduplicated') }}

),

final as (

    select
        staged.model_name,
        staged.dataset,
        staged.rows_in,
        staged.rows_dropped_exact_duplicate,
        staged.rows_dropped_no_pseudonym,
        modelled.drop_rules,
        staged.model_name || ':' || staged.dataset as reconciliation_key,
        coalesce(modelled.rows_kept, 0) as rows_kept,
        coalesce(modelled.rows_dropped_by_rule, 0) as rows_dropped_by_rule,
        case
            when staged.model_name = 'int_residence_spells_built'
                then residence_spells.rows_in_spells
        end as residence_rows_in_spells
    from staged
    left join modelled
        on {{ join_on('staged', 'modelled', ['model_name', 'dataset']) }}
    cross join residence_spells

)

select * from final
