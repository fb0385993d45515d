with

records as (

    select
        dataset,
        delivery_id,
        reference_year,
        pseudonym,
        person_key as pseudonym_key
    from {{ ref('int_person_records_deduplicated') }}

),

identifiers as (

    select
        delivery_id,
        pseudonym,
        link_method,
        linkage_class
    from {{ ref('int_person_identifiers_linked') }}

),

-- Pseudonyms in a pair of the review band that were not linked: counts only leave here.
in_review as (

    select pseudonym_key_l as pseudonym_key
    from {{ ref('int_person_links_scored') }}
    where decision = 'review'
    union
    select pseudonym_key_r as pseudonym_key
    from {{ ref('int_person_links_scored') }}
    where decision = 'review'

),

-- The model's own estimate: of the linked pairs, the expected share of true ones
-- (precision); of the pairs it expects to be true among those it scored, the share it
-- linked (recall). Pairs in one delivery are two persons and count as neither.
model_estimate as (

    select
        sum(match_probability) filter (where decision = 'linked')
        / nullif(count(*) filter (where decision = 'linked'), 0) as estimated_precision,
        sum(match_probability) filter (where decision = 'linked')
        / nullif(sum(match_probability) filter (where decision != 'same_delivery'), 0)
            as estimated_recall
    from {{ ref('int_person_links_scored') }}

),

classified as (

    select
        records.dataset,
        records.reference_year,
        identifiers.linkage_class,
        identifiers.link_method,
        records.pseudonym is null as is_empty_pseudonym,
        in_review.pseudonym_key is not null as is_in_review
    from records
    left join identifiers
        on {{ join_on('records', 'identifiers', ['delivery_id', 'pseudonym']) }}
    left join in_review
        on records.pseudonym_key = in_review.pseudonym_key

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
        count(*) filter (where is_empty_pseudonym) as empty_pseudonym,
        count(*) filter (
            where link_method = 'exact_pseudonym' and linkage_class != 'alone'
        ) as linked_by_pseudonym,
        count(*) filter (where link_method = 'probabilistic') as linked_probabilistically,
        count(*) filter (
            where is_in_review and link_method = 'exact_pseudonym'
        ) as in_review_band
    from classified
    group by dataset, reference_year

),

final as (

    select
        counted.dataset,
        counted.reference_year,
        counted.records,
        counted.with_pseudonym,
        counted.linked_elsewhere,
        counted.linked_within_only,
        counted.alone,
        counted.empty_pseudonym,
        counted.linked_by_pseudonym,
        counted.linked_probabilistically,
        counted.in_review_band,
        counted.dataset || ':' || cast(counted.reference_year as varchar) as linkage_audit_key,
        round(counted.linked_elsewhere / counted.records, 4) as share_linked_elsewhere,
        round(counted.linked_within_only / counted.records, 4) as share_linked_within_only,
        round(counted.alone / counted.records, 4) as share_alone,
        round(counted.empty_pseudonym / counted.records, 4) as share_empty_pseudonym,
        round(counted.linked_probabilistically / counted.records, 4)
            as share_linked_probabilistically,
        round(model_estimate.estimated_precision, 4) as estimated_precision,
        round(model_estimate.estimated_recall, 4) as estimated_recall
    from counted
    cross join model_estimate

)

select * from final
