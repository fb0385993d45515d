"""Blocking checks on every ingestion asset: did the delivery under review count?

The check reads the audit tables that ingestion wrote, for the Stichtage of the run (one, a
range, or, in the nightly run without partitions, all of them). A delivery under review is the
newest file of its (dataset, Stichtag) that is not a byte-identical duplicate. It fails when
that delivery was rejected or a blocking expectation failed on it. Metadata holds counts only;
the description names Stichtag, file and reason so that an operator knows what to ask for.
"""

# No `from __future__ import annotations`: Dagster inspects the context annotations.

from functools import cache

import dagster as dg
import duckdb

from bildungspfade.defs.assets import raw_key
from bildungspfade.defs.resources import WarehouseResource
from bildungspfade.spec import DATASETS

CHECK_NAME = "delivery_accepted"

_UNDER_REVIEW_SQL = """
select delivery_id, stichtag, source_file, status, reason
from audit.deliveries
where dataset = ? and status <> 'duplicate' {scope}
qualify row_number() over (
    partition by stichtag order by lieferung desc, seen_at desc
) = 1
order by stichtag
"""


@cache
def blocking_expectations(dataset: str) -> frozenset[tuple[str, str | None]]:
    """(expectation type, column) of the suite's blocking expectations.

    audit.expectation_results does not record which expectations block, so the committed suite
    (expectations/<dataset>.json, meta.blocking) is the authority.
    """
    from bildungspfade.quality.outcomes import identity
    from bildungspfade.quality.store import load_suite

    out = set()
    for expectation in load_suite(dataset).expectations:
        config = expectation.configuration
        if (config.meta or {}).get("blocking"):
            out.add(identity(config.type, config.kwargs))
    return frozenset(out)


def _run_stichtage(context: dg.AssetCheckExecutionContext) -> list[str] | None:
    """The Stichtage this run covers; None when the run has no partition (check everything)."""
    if context.has_partition_key or context.has_partition_key_range:
        return sorted(context.partition_keys)
    return None


def known_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


def _has_blocking_column(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.columns where table_schema = 'audit' "
            "and table_name = 'expectation_results' and column_name = 'blocking'"
        ).fetchone()[0]
    )


def evaluate(
    con: duckdb.DuckDBPyConnection, dataset: str, stichtage: list[str] | None
) -> dg.AssetCheckResult:
    if not known_table(con, "audit", "deliveries"):  # nothing ingested yet: nothing to fail
        return dg.AssetCheckResult(passed=True, metadata={"deliveries_reviewed": 0})
    scope, params = "", [dataset]
    if stichtage is not None:
        scope = "and cast(stichtag as varchar) in (select unnest(?::varchar[]))"
        params.append(stichtage)
    reviewed = con.execute(_UNDER_REVIEW_SQL.format(scope=scope), params).fetchall()

    problems: list[str] = []
    rejected = failed_expectations = 0
    by_id = {row[0]: row for row in reviewed}
    for _, stichtag, source_file, status, reason in reviewed:
        if status == "rejected":
            rejected += 1
            problems.append(f"{dataset} {stichtag} {source_file}: rejected: {reason}")

    if by_id:
        results = con.execute(
            "select delivery_id, expectation, column_name"
            + (", blocking" if _has_blocking_column(con) else ", null")
            + " from audit.expectation_results where not success "
            "and delivery_id in (select unnest(?::varchar[]))",
            [list(by_id)],
        ).fetchall()
        blocking = blocking_expectations(dataset)
        failed_by_delivery: dict[str, list[str]] = {}
        for delivery_id, expectation, column, is_blocking in results:
            if is_blocking is None:
                is_blocking = (expectation, column) in blocking
            if is_blocking:
                failed_expectations += 1
                name = expectation if column is None else f"{expectation}({column})"
                failed_by_delivery.setdefault(delivery_id, []).append(name)
        for delivery_id, names in failed_by_delivery.items():
            _, stichtag, source_file, status, _ = by_id[delivery_id]
            if status != "rejected":  # a rejected file is already reported above
                problems.append(
                    f"{dataset} {stichtag} {source_file}: blocking expectation(s) failed: "
                    + ", ".join(sorted(names))
                )

    return dg.AssetCheckResult(
        passed=not problems,
        metadata={
            "deliveries_reviewed": len(reviewed),
            "deliveries_rejected": rejected,
            "blocking_expectations_failed": failed_expectations,
        },
        description="; ".join(problems) if problems else None,
    )


def build_delivery_check(dataset: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=raw_key(dataset),
        name=CHECK_NAME,
        blocking=True,
        description=(
            "The newest delivery of each Stichtag in the run was accepted: not rejected, and no "
            "blocking expectation of its suite failed. Blocking: downstream models wait."
        ),
    )
    def delivery_accepted(
        context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
    ) -> dg.AssetCheckResult:
        if not warehouse.exists():
            return dg.AssetCheckResult(passed=True, metadata={"deliveries_reviewed": 0})
        with warehouse.connect(read_only=True) as con:
            return evaluate(con, dataset, _run_stichtage(context))

    return delivery_accepted


delivery_checks = [build_delivery_check(name) for name in DATASETS]
