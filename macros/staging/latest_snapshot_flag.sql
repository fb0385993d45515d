{#- The rows of a directory's staging relation with is_latest_snapshot: true on the rows of
    the newest delivered snapshot (a directory is delivered whole, every validity period in
    every snapshot). A select statement, the body of a directory staging model's last CTE. -#}
{% macro latest_snapshot_flag(relation) -%}
    select
        *,
        reference_date = max(reference_date) over () as is_latest_snapshot
    from {{ relation }}
{%- endmacro %}
