"""One row per pseudonym: the person key it belongs to after probabilistic linkage, how it
was linked and the probability of the link that joined it. Clusters of linked pairs under
the same-delivery constraint; the key is that of the member seen first, so keys stay when a
new year arrives (bildungspfade.linkage.clusters, docs/linkage.md). Restricted."""


def model(dbt, session):
    dbt.config(materialized="table")
    from bildungspfade.linkage import resolve_keys

    units = (
        dbt.ref("int_person_pseudonyms_profiled")
        .aggregate(
            "pseudonym_key, min(first_year) as first_year, "
            "list_distinct(flatten(list(delivery_ids))) as delivery_ids",
            "pseudonym_key",
        )
        .df()
    )
    pairs = dbt.ref("int_person_links_scored").filter("decision = 'linked'").df()
    return resolve_keys(units, pairs)
