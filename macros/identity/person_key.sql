{#- The warehouse's own person key under deterministic linkage: md5 of var
    'bp:identity:salt' and the delivered pseudonym, truncated to 16 hex characters. Stable
    across years and rebuilds, never the pseudonym itself; NULL where the pseudonym is NULL
    (records without a pseudonym are not linked). -#}
{% macro person_key(pseudonym) -%}
    left(md5('{{ var("bp:identity:salt", "bildungspfade") }}' || {{ pseudonym }}), 16)
{%- endmacro %}
