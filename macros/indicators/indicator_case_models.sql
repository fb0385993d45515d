{#- Generated from seeds/indicators/indicator_catalogue.csv by
    `python -m bildungspfade.generate.indicator_cases`: do not edit
    (make lint checks it).
    The case models fct_indicator_cases unions, one per indicator that is not an index,
    in catalogue order. -#}
{% macro indicator_case_models() %}
    {{ return([
        'fct_indicator_cases__fb01',
        'fct_indicator_cases__fb02',
        'fct_indicator_cases__fb03',
        'fct_indicator_cases__fb04',
        'fct_indicator_cases__as01',
        'fct_indicator_cases__as02',
        'fct_indicator_cases__as03',
        'fct_indicator_cases__as04',
        'fct_indicator_cases__as05',
        'fct_indicator_cases__as06',
        'fct_indicator_cases__as07',
        'fct_indicator_cases__as08',
        'fct_indicator_cases__bb01',
        'fct_indicator_cases__bb02',
        'fct_indicator_cases__rb01',
    ]) }}
{% endmacro %}
