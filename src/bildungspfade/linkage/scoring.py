"""Train the splink model and score candidate pairs of pseudonyms (docs/linkage.md).

The units are pseudonyms with all their records. m-probabilities come from the pairs the
pseudonym already links: a pseudonym delivered by several agencies is cut into its agency
parts, which are known matches recorded by different agencies, the way a misspelt name
splits a person. u-probabilities come from random pairs of units. With Bloom filters of the
names (namen_clk), whose agency parts always agree, an EM pass over pairs born the same
month with the same first residence learns what the name comparison is worth.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import duckdb
import pandas as pd
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from bildungspfade import scratch

from .comparisons import BLOCKING_RULE_NAMES, CLK_BAND_BITS, blocking_rules, comparisons

log = logging.getLogger(__name__)

LIST_COLUMNS = (
    "delivery_ids",
    "dataset_years",
    "blocks",
    "year_blocks",
    "residence_years",
    "schools",
    "school_steps",
    "school_next_steps",
    "kitas",
    "move_in_dates",
)


@dataclass(frozen=True)
class LinkageSettings:
    """The parameters a statistician sets (dbt vars bp:linkage:*, docs/linkage.md)."""

    # A pair is linked at or above this match probability: a false link merges two children.
    # The model's probabilities are not calibrated (its comparisons are not independent);
    # 0.6 is the lowest threshold at which, on both synthetic municipalities, 99 % of the
    # pseudonyms joined are joined to their own person (docs/linkage.md, Decisions).
    link_probability: float = 0.6
    # Pairs from here up to link_probability go to the review band (counted, not linked).
    review_probability: float = 0.3
    # Pairs below this are not recorded at all.
    record_probability: float = 0.01
    # Share of pseudonyms expected to be another spelling of a person who has one already
    # (the prior): issue 15 measured 11 % more pseudonyms than persons on a synthetic district.
    expected_split_share: float = 0.1
    seed: int = 20241
    max_pairs_u: float = 2e6


def _unit_tables(con: duckdb.DuckDBPyConnection, with_clk: bool) -> None:
    """Tables `fragments` (one row per pseudonym and agency, unit_id key/agency, label
    pseudonym_key) and `units` (one row per pseudonym) in con, from `fragments_in`/`clks_in`."""
    clk = "cast(from_base64(clks_in.clk) as bit)" if with_clk else "cast(null as bit)"
    con.execute(
        f"""
        create or replace table fragments as
        select
            fragments_in.pseudonym_key || '/' || fragments_in.part as unit_id,
            fragments_in.* exclude (part),
            {clk} as clk
        from fragments_in
        {"left join clks_in using (pseudonym_key)" if with_clk else ""}
        """
    )
    lists = ",\n".join(
        f"list_distinct(flatten(list({c}) filter (where {c} is not null))) as {c}"
        for c in LIST_COLUMNS
    )
    con.execute(
        f"""
        create or replace table units as
        select
            pseudonym_key as unit_id,
            pseudonym_key,
            arg_max(birth_month, record_count) as birth_month,
            arg_max(sex, record_count) filter (where sex is not null) as sex,
            min(first_year) as first_year,
            max(last_year) as last_year,
            sum(record_count) as record_count,
            arg_max(nationality, record_count) filter (where nationality is not null)
                as nationality,
            arg_max(has_migration_background, record_count)
                filter (where has_migration_background is not null) as has_migration_background,
            arg_max(has_nongerman_family_language, record_count)
                filter (where has_nongerman_family_language is not null)
                as has_nongerman_family_language,
            any_value(clk) as clk,
            {lists}
        from fragments
        group by pseudonym_key
        """
    )
    for table in ("fragments", "units"):
        _add_gaps(con, table)
        for column in LIST_COLUMNS[2:]:  # an empty list is no observation
            con.execute(f"update {table} set {column} = null where len({column}) = 0")
        bands = (
            f"[i || ':' || substr(cast(clk as varchar), i * {CLK_BAND_BITS} + 1, "
            f"{CLK_BAND_BITS}) for i in range(1024 // {CLK_BAND_BITS})]"
        )
        con.execute(f"alter table {table} add column clk_bands varchar[]")
        con.execute(f"update {table} set clk_bands = {bands} where clk is not null")


def _add_gaps(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """dataset_gaps: 'dataset:year' where a dataset delivered the unit before and after but
    not in that year: where a one-off misspelling of it would sit."""
    con.execute(
        f"""
        create or replace temp table gaps as
        with present as (
            select
                unit_id,
                split_part(dataset_year, ':', 1) as dataset,
                cast(split_part(dataset_year, ':', 2) as integer) as year
            from (select unit_id, unnest(dataset_years) as dataset_year from {table})
        ),
        spans as (
            select unit_id, dataset, min(year) as first, max(year) as last, list(year) as years
            from present
            group by unit_id, dataset
        )
        select
            unit_id,
            flatten(list(
                [dataset || ':' || cast(y as varchar)
                 for y in range(first, last + 1) if not list_contains(years, y)]
            )) as dataset_gaps
        from spans
        group by unit_id
        """
    )
    con.execute(f"alter table {table} add column dataset_gaps varchar[]")
    con.execute(
        f"update {table} set dataset_gaps = gaps.dataset_gaps from gaps "
        f"where {table}.unit_id = gaps.unit_id and len(gaps.dataset_gaps) > 0"
    )


def _settings(with_clk: bool, prior: float) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unit_id",
        comparisons=comparisons(with_clk),
        blocking_rules_to_generate_predictions=blocking_rules(with_clk),
        probability_two_random_records_match=prior,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def _train(con: duckdb.DuckDBPyConnection, with_clk: bool, settings: LinkageSettings) -> dict:
    """m from the agency parts of linked pseudonyms, u from random pairs; the trained model."""
    api = DuckDBAPI(connection=con)
    linker = Linker(api.register("fragments"), _settings(with_clk, 1e-4), log_level=None)
    linker.training.estimate_u_using_random_sampling(
        max_pairs=settings.max_pairs_u, seed=settings.seed
    )
    linker.training.estimate_m_from_label_column("pseudonym_key")
    if with_clk:
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("birth_month", "list_min(year_blocks)"),
            fix_u_probabilities=True,
        )
    return linker.misc.save_model_to_json()


def score_pairs(
    fragments: pd.DataFrame | object,
    clks: pd.DataFrame | object | None = None,
    settings: LinkageSettings | None = None,
) -> tuple[pd.DataFrame, dict]:
    """Candidate pairs of pseudonyms with match weight, probability, blocking rule and
    decision (linked, review, same_delivery); and the trained model (splink's JSON dict).

    fragments: rows of int_person_pseudonyms_profiled; clks: pseudonym_key and clk (the
    Bloom filter, base64) where namen_clk was delivered, else None.
    """
    settings = settings or LinkageSettings()
    # closed on every path: closing removes the connection's spill folder beside the warehouse
    with scratch.connect() as con:
        return _score(con, fragments, clks, settings)


def _score(
    con: duckdb.DuckDBPyConnection,
    fragments: pd.DataFrame | object,
    clks: pd.DataFrame | object | None,
    settings: LinkageSettings,
) -> tuple[pd.DataFrame, dict]:
    con.register("fragments_in", fragments)
    with_clk = clks is not None and len(clks) > 0
    if with_clk:
        con.register("clks_in", clks)
    _unit_tables(con, with_clk)
    unit_count = con.execute("select count(*) from units").fetchall()[0][0]
    if unit_count < 2:
        return _empty_pairs(), {}
    model = _train(con, with_clk, settings)
    # Among all pairs of units, about split_share * units are matches.
    prior = min(0.5, 2 * settings.expected_split_share / max(unit_count - 1, 1))
    model["probability_two_random_records_match"] = prior
    api = DuckDBAPI(connection=con)
    linker = Linker(api.register("units"), model, log_level=None)
    predicted = linker.inference.predict(threshold_match_probability=settings.record_probability)
    rule_names = ", ".join(f"('{i}', '{name}')" for i, name in enumerate(BLOCKING_RULE_NAMES))
    pairs = con.sql(
        f"""
        with rules(match_key, blocking_rule) as (values {rule_names})
        select
            predicted.unit_id_l as pseudonym_key_l,
            predicted.unit_id_r as pseudonym_key_r,
            predicted.match_weight,
            predicted.match_probability,
            rules.blocking_rule,
            list_has_any(l.delivery_ids, r.delivery_ids) as shares_delivery,
            case
                when list_has_any(l.delivery_ids, r.delivery_ids) then 'same_delivery'
                when predicted.match_probability >= {settings.link_probability} then 'linked'
                when predicted.match_probability >= {settings.review_probability} then 'review'
                else 'not_linked'
            end as decision
        from {predicted.physical_name} as predicted
        inner join units as l on predicted.unit_id_l = l.unit_id
        inner join units as r on predicted.unit_id_r = r.unit_id
        left join rules on cast(predicted.match_key as varchar) = rules.match_key
        -- a same-delivery pair is recorded where the model alone would have linked or
        -- reviewed it
        where
            not list_has_any(l.delivery_ids, r.delivery_ids)
            or predicted.match_probability >= {settings.review_probability}
        order by pseudonym_key_l, pseudonym_key_r
        """
    ).df()
    log.info("linkage: %d units, %d recorded pairs", unit_count, len(pairs))
    return pairs, model


def _empty_pairs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "pseudonym_key_l": pd.Series(dtype="str"),
            "pseudonym_key_r": pd.Series(dtype="str"),
            "match_weight": pd.Series(dtype="float64"),
            "match_probability": pd.Series(dtype="float64"),
            "blocking_rule": pd.Series(dtype="str"),
            "shares_delivery": pd.Series(dtype="bool"),
            "decision": pd.Series(dtype="str"),
        }
    )
