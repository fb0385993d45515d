{#- Seed xwalk_abschluss, certificate key (old labels included) to the current key, its level
    and its validity period (valid_to open: open_end()): the body of a staging model's
    xwalk_abschluss CTE. -#}
{% macro certificate_crosswalk() -%}
    select
        abschluss_code,
        certificate_code,
        certificate_level,
        certificate_level_rank,
        is_without_certificate,
        is_outdated_label,
        valid_from,
        coalesce(valid_to, {{ open_end() }}) as valid_to
    from {{ ref('xwalk_abschluss') }}
{%- endmacro %}
