{#- A text literal that changes whenever what a row of this model would look like changes:
    the model's own SQL (dbt's checksum of the file) and, recursively, that of every model and
    seed upstream of it (the crosswalks, the staging SQL under a de-duplication), plus the
    given extra values (vars that enter the rows, e.g. the person-key salt). Incremental models
    store it on every row, and delete_stale_rows drops the rows whose fingerprint is no longer
    current, so an edited crosswalk or staging model reloads what depends on it without a
    manual --full-refresh. Macro edits are not covered: after changing a macro that such a
    model calls, run with --full-refresh (README). -#}
{% macro build_fingerprint(extra=[]) -%}
    {#- the graph is empty while dbt parses; a unit test renders the model without its node -#}
    {%- if not execute or this is none -%}
        {{- return("'no build'") -}}
    {%- endif -%}
    {%- set parts = [_upstream_checksums(model.unique_id)] -%}
    {%- for value in extra -%}
        {%- do parts.append(value | string) -%}
    {%- endfor -%}
    '{{ local_md5(parts | join("|")) }}'
{%- endmacro %}

{% macro _upstream_checksums(node_id) -%}
    {%- set node = graph.nodes[node_id] -%}
    {%- set parts = [node.checksum.checksum] -%}
    {%- for parent_id in node.depends_on.nodes | sort -%}
        {%- if parent_id in graph.nodes -%}
            {%- do parts.append(_upstream_checksums(parent_id)) -%}
        {%- endif -%}
    {%- endfor -%}
    {{- local_md5(parts | join("|")) -}}
{%- endmacro %}
