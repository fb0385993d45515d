with

records as (

    select
        dataset,
        delivery_id,
        reference_year,
        pseudonym,
        person_key
    from {{ ref('int_person_records_deduplicated') }}

),

identifiers as (

    select
        delivery_id,
        person_key,
        linkage_class
    from {{ ref('int_person_identifiers_linked') }}

),

classified as (

    select
        records.dataset,
        records.reference_year,
        identifiers.linkage_class,
        records.pseudonym is null as is_empty_pseudonym
    from records
    left join identifiers
        on
            records.delivery_id = identifiers.delivery_id
            and records.person_key = identifiers.person_key

),

counted as (

    select
        dataset,
        reference_year,
        count(*) as records,
        count(*) filter (where not is_empty_pseudonym) as with_pseudonym,
        count(*) filter (where linkage_class = 'linked_elsewhere') as linked_elsewhere,
        count(*) filter (where linkage_class = 'linked_within_only') as linked_within_only,
        count(*) filter (where linkage_class = 'alone') as alone,
        count(*) filter (where is_empty_pseudonym) as empty_pseudonym
    from classified
    group by dataset, reference_year

),

final as (

    select
        dataset,
        reference_year,
        records,
        with_pseudonym,
        linked_elsewhere,
        linked_within_only,
        alone,
        empty_pseudonym,
        dataset || ':' || cast(reference_year as varchar) as linkage_audit_key,
        round(linked_elsewhere / records, 4) as share_linked_elsewhere,
        round(linked_within_only / records, 4) as share_linked_within_only,
        round(alone / records, 4) as share_alone,
        round(empty_pseudonym / records, 4) as share_empty_pseudonym
    from counted

)

select * from final
