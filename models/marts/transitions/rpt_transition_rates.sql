{#- One row per school year, transition, outcome, subgroup, area, method and age group:
    exact counts and rates (no disclosure control yet). Definitions of every population:
    docs/states_and_rates.md. The steps: fct_transition_observations (who is in which
    population, with which outcome), rpt_transition_counts (attributed to subgroups and areas,
    counted), rpt_transition_rates_by_age (numerator, denominator and rate per cell); this
    model adds the quota sums and the care age groups. -#}
{%- set detailed_age_levels = ['city', 'city_district'] -%}

with

age_specific as (

    select
        {{ grain_columns('transition_cell') }},
        outcome,
        numerator,
        denominator,
        rate,
        numerator_key_sum,
        denominator_key_sum
    from {{ ref('rpt_transition_rates_by_age') }}

),

quota_sums as (

    -- Quotensummenverfahren: the sum over age years of the age-specific rates. Numerator and
    -- denominator are the sums of events and of residents over those ages, published beside
    -- the rate; the rate is not their quotient. The rates are added in age order: a float sum
    -- in the order rows happen to arrive differs in its last bits from build to build.

    select
        {{ grain_columns('transition_cell', except=['age_group']) }},
        outcome,
        'quota_sum' as age_group,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        sum(rate order by age_group) as rate,
        -- a sum of rates, not of persons: published as a rate only, no cell key
        cast(null as hugeint) as numerator_key_sum,
        cast(null as hugeint) as denominator_key_sum
    from age_specific
    where
        method = 'cross_sectional'
        and transition in ('kita_to_school', 'general_school_leaving')
    group by all

),

care_age_groups as (

    -- Day care participation for the age groups of the Kita monitoring.

    select
        {{ grain_columns('transition_cell', except=['age_group']) }},
        outcome,
        case when cast(age_group as integer) < 3 then 'under_3' else '3_to_school' end
            as age_group,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        {{ safe_rate('sum(numerator)', 'sum(denominator)') }} as rate,
        sum(numerator_key_sum) as numerator_key_sum,
        sum(denominator_key_sum) as denominator_key_sum
    from age_specific
    where transition = 'care_participation'
    group by all

),

unioned as (

    -- by name: the quota sums and care age groups put their age group after the grain

    select * from age_specific
    where age_group = 'all' or area_level in ({{ "'" ~ detailed_age_levels | join("', '") ~ "'" }})
    union all by name
    select * from quota_sums
    union all by name
    select * from care_age_groups

),

final as (

    select
        cast(school_year as integer) as school_year,
        transition,
        outcome_dimension,
        outcome,
        subgroup,
        subgroup_value,
        area_level,
        area_id,
        method,
        age_group,
        cast(numerator as bigint) as numerator,
        cast(denominator as bigint) as denominator,
        cast(rate as double) as rate,
        cast(numerator_key_sum as bigint) as numerator_key_sum,
        cast(denominator_key_sum as bigint) as denominator_key_sum,
        case
            when age_group = 'quota_sum'
                then 'sum over age years of the age-specific rates (Quotensummenverfahren)'
            else 'numerator / denominator'
        end as rate_definition
    from unioned

)

select * from final
