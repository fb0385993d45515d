"""Did the delivery under review count? The verdict behind the blocking Dagster check
`delivery_accepted` (defs/asset_checks.py), from the audit tables that ingestion wrote.

A delivery under review is the newest file of its (dataset, Stichtag) that is not a
byte-identical duplicate. It does not count when it was rejected or a blocking expectation of
its suite failed on it. Metadata holds counts only; the description names Stichtag, file and
reason so that an operator knows what to ask for.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import duckdb

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


@dataclass(frozen=True)
class Review:
    """The verdict on the deliveries under review: counts only, and a description naming
    Stichtag, file and reason of each problem."""

    passed: bool
    metadata: dict[str, int]
    description: str | None = None


def review_deliveries(
    con: duckdb.DuckDBPyConnection, dataset: str, stichtage: list[str] | None
) -> Review:
    """Review the newest delivery of each Stichtag of `dataset` (all Stichtage when None)."""
    if not known_table(con, "audit", "deliveries"):  # nothing ingested yet: nothing to fail
        return Review(passed=True, metadata={"deliveries_reviewed": 0})
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

    return Review(
        passed=not problems,
        metadata={
            "deliveries_reviewed": len(reviewed),
            "deliveries_rejected": rejected,
            "blocking_expectations_failed": failed_expectations,
        },
        description="; ".join(problems) if problems else None,
    )
