{#- One row per person (person_key after linkage): the attributes the sources disagree on,
    resolved by seed attribute_precedence, and the modal birth month. What the panel
    (fct_person_years) needs of a person, apart from dim_persons' spans and counts, so that
    the panel does not wait for them. Rules: dim_persons' description. -#}
{%- set resolved_attributes = [
    ('sex', 'sex', 'sex_source'),
    ('has_nongerman_family_language', 'has_nongerman_family_language', 'family_language_source'),
    ('migration_background', 'migration_background_value', 'migration_background_source'),
    ('nationality', 'nationality', 'nationality_source'),
] -%}

with

records as (

    select
        record_key,
        dataset,
        reference_date,
        person_key,
        birth_month
    from {{ ref('int_person_records_linked') }}

),

precedence as (

    select
        attribute as attribute_name,
        dataset,
        precedence
    from {{ ref('attribute_precedence') }}

),

xwalk_migration_background as (

    select
        dataset,
        source_value,
        migration_background,
        has_migration_background
    from {{ ref('xwalk_migration_background') }}

),

candidates as (

    select
        record_key,
        attribute_name,
        dataset,
        attribute_value
    from {{ ref('int_person_attributes_collected') }}
    where attribute_value is not null

),

-- The winner of each attribute is the candidate first in precedence, then the newest
-- (latest reference date, then highest record key): the order as a struct.
ranked_candidates as (

    select
        records.person_key,
        candidates.attribute_name,
        candidates.dataset,
        candidates.attribute_value,
        {
            'precedence': -precedence.precedence,
            'reference_date': records.reference_date,
            'record_key': candidates.record_key
        } as preference
    from candidates
    inner join records
        on candidates.record_key = records.record_key
    inner join precedence
        on {{ join_on('candidates', 'precedence', ['attribute_name', 'dataset']) }}

),

-- The winner of each attribute first, then one row per person: two small aggregations
-- are cheaper than eight filtered ones over every candidate.
winners as (

    select
        person_key,
        attribute_name,
        arg_max({ 'attribute_value': attribute_value, 'dataset': dataset }, preference) as winner
    from ranked_candidates
    group by person_key, attribute_name

),

resolved as (

    select
        winners.person_key,
        {%- for attribute, alias, source in resolved_attributes %}
            max(winners.winner.attribute_value)
            filter (where winners.attribute_name = '{{ attribute }}') as {{ alias }},
            max(winners.winner.dataset)
            filter (where winners.attribute_name = '{{ attribute }}') as {{ source }}
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from winners
    group by winners.person_key

),

birth_months as (

    select
        person_key,
        birth_month,
        count(*) as record_count,
        max(reference_date) as last_reference_date
    from records
    group by person_key, birth_month

),

-- The most frequent month; ties to the latest record's, then the later month (a missing
-- month only where nothing else was delivered: arg_max_null keeps it, arg_max would skip it).
modal_birth_month as (

    select
        person_key,
        arg_max_null(
            birth_month,
            {
                'record_count': record_count,
                'last_reference_date': last_reference_date,
                'is_known': birth_month is not null,
                'birth_month': birth_month
            }
        ) as birth_month,
        max(record_count) as birth_month_record_count
    from birth_months
    group by person_key

),

final as (

    select
        modal_birth_month.person_key,
        modal_birth_month.birth_month,
        modal_birth_month.birth_month_record_count,
        resolved.sex_source,
        cast(resolved.has_nongerman_family_language as boolean) as has_nongerman_family_language,
        resolved.family_language_source,
        xwalk_migration_background.migration_background,
        xwalk_migration_background.has_migration_background,
        resolved.migration_background_source,
        resolved.nationality,
        resolved.nationality_source,
        year(modal_birth_month.birth_month) as birth_cohort,
        coalesce(resolved.sex, 'not_stated') as sex,
        resolved.nationality = 'DEU' as is_german_national
    from modal_birth_month
    left join resolved
        on modal_birth_month.person_key = resolved.person_key
    left join xwalk_migration_background
        on
            resolved.migration_background_source = xwalk_migration_background.dataset
            and resolved.migration_background_value = xwalk_migration_background.source_value

)

select * from final
