{#- The names of the datasets in dataset_registry() (spec order), all of them or only the
    person-level ones (person_level=true) or the directories (person_level=false): the
    accepted values of every `dataset` column. -#}
{% macro dataset_names(person_level=none) -%}
    {%- set names = [] -%}
    {%- for dataset, entry in dataset_registry().items() -%}
        {%- if person_level is none or entry.person_level == person_level -%}
            {%- do names.append(dataset) -%}
        {%- endif -%}
    {%- endfor -%}
    {{- return(names) -}}
{%- endmacro %}
