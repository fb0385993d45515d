"""One row per candidate pair of pseudonyms the linkage looked at and recorded: match weight,
match probability, the blocking rule that found it and the decision (linked, review,
not_linked, same_delivery). Restricted. The engine: bildungspfade.linkage (docs/linkage.md).

namen_clk is read here from staging and never written: only the model's decision leaves."""


def model(dbt, session):
    dbt.config(materialized="table")
    from bildungspfade.linkage import LinkageSettings, score_pairs

    settings = LinkageSettings(
        link_probability=float(dbt.config.get("linkage_link_probability")),
        review_probability=float(dbt.config.get("linkage_review_probability")),
        expected_split_share=float(dbt.config.get("linkage_expected_split_share")),
    )
    staged = [
        dbt.ref("stg_bevoelkerung__residents"),
        dbt.ref("stg_bewegungen__events"),
        dbt.ref("stg_kita__children"),
        dbt.ref("stg_seu__examinations"),
        dbt.ref("stg_schueler__enrolments"),
        dbt.ref("stg_abgaenge__leavers"),
        dbt.ref("stg_berufskolleg__enrolments"),
        dbt.ref("stg_sgb2__benefit_years"),
    ]
    clk_rows = (
        staged[0].filter("name_bloom_filter is not null").select("record_key, name_bloom_filter")
    )
    for relation in staged[1:]:
        clk_rows = clk_rows.union(
            relation.filter("name_bloom_filter is not null").select("record_key, name_bloom_filter")
        )
    distinct_records = dbt.ref("int_person_records_deduplicated").select("record_key, person_key")
    clks = (
        clk_rows.set_alias("staged")
        .join(
            distinct_records.set_alias("distinct_records"),
            "staged.record_key = distinct_records.record_key",
        )
        .aggregate(
            "distinct_records.person_key as pseudonym_key, mode(staged.name_bloom_filter) as clk",
            "distinct_records.person_key",
        )
        .filter("pseudonym_key is not null")
        .arrow()
        .read_all()
    )
    fragments = dbt.ref("int_person_pseudonyms_profiled").arrow().read_all()
    pairs, _model = score_pairs(fragments, clks if clks.num_rows else None, settings)
    return pairs
