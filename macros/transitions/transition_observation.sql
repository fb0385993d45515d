{#- The select list of one population of fct_transition_observations: its branches are
    unioned by position, so every branch takes its columns from here, in one order.

    transition, method: literals ('grade4_to_grade5', 'cohort').
    population: the alias whose person_key and school_year the observation has.
    outcome: SQL expression of the outcome (NULL: in the population without the event).
    outcome_dimension: SQL expression ("'to_state'", or a column).
    age_group: SQL expression, 'all' for cohort rates, the age for the Quotensummenverfahren.
    attribute_year_offset: the years before school_year whose residence and benefit receipt
        give the area and subgroup. -#}
{% macro transition_observation(
    transition, method, population, outcome, outcome_dimension,
    age_group="'all'", attribute_year_offset=0
) -%}
    '{{ transition }}' as transition,
        '{{ method }}' as method,
        {{ outcome_dimension }} as outcome_dimension,
        {{ population }}.school_year,
        {{ age_group }} as age_group,
        {{ population }}.person_key,
        {{ population }}.school_year{{ ' - ' ~ attribute_year_offset if attribute_year_offset }}
            as attribute_year,
        {{ outcome }} as outcome
{%- endmacro %}
