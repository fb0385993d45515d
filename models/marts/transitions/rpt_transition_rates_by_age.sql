{#- One row per school year, transition, outcome dimension, outcome, subgroup, area, method
    and age group (all, or one age year of a cross-sectional rate): numerator, denominator
    and rate of every outcome of every counted population cell, an outcome nobody in the
    cell had given as 0, and beside both counts the sums of their persons' record keys.
    Step 3 of rpt_transition_rates, which adds the quota sums and the
    care age groups. -#}

with

counted as (

    select
        {{ grain_columns('transition_cell') }},
        outcome,
        persons,
        record_key_sum
    from {{ ref('rpt_transition_counts') }}

),

observations as (

    select
        {{ grain_columns('transition_outcomes') }},
        outcome
    from {{ ref('fct_transition_observations') }}

),

denominators as (

    select
        {{ grain_columns('transition_cell') }},
        sum(persons) as denominator,
        sum(record_key_sum) as denominator_key_sum
    from counted
    group by all

),

numerators as (

    select *
    from counted
    where outcome is not null

),

outcomes as (

    select distinct
        {{ grain_columns('transition_outcomes') }},
        outcome
    from observations
    where outcome is not null

),

age_specific as (

    select
        {{ grain_columns('transition_cell', 'denominators') }},
        outcomes.outcome,
        coalesce(numerators.persons, 0) as numerator,
        denominators.denominator,
        {{ safe_rate('coalesce(numerators.persons, 0)', 'denominators.denominator') }} as rate,
        -- sums of the persons' record keys (Cell Key Method), additive like the counts
        coalesce(numerators.record_key_sum, 0) as numerator_key_sum,
        denominators.denominator_key_sum
    from denominators
    inner join outcomes
        on {{ join_on('denominators', 'outcomes', 'transition_outcomes') }}
    left join numerators
        on
            {{ join_on('denominators', 'numerators', 'transition_cell') }}
            and outcomes.outcome = numerators.outcome

)

select * from age_specific
