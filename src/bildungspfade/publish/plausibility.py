"""Plausibility warnings (marts.rpt_plausibility_warnings, built by dbt) for people.

Next to datenstand.py: read by the run summary and the report, so kept free of the heavy
imports of bildungspfade.quality (Great Expectations).

The checks themselves are dbt models (README, "Plausibility warnings"); this module only reads
their rows: `bildungspfade run` prints them from the restricted warehouse, counts included,
and the report shows them from the published copy (published.pub_plausibility_warnings),
which holds shares and thresholds only. Warnings never stop publishing or change an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

RESTRICTED = ("marts", "rpt_plausibility_warnings")
PUBLISHED = ("published", "pub_plausibility_warnings")
ORDER = "check_name, coalesce(dataset, indicator_code), year, subject"


@dataclass(frozen=True)
class PlausibilityWarning:
    """One warning: which check, on what, the figure and threshold and the German message;
    rows_affected only where read from the restricted warehouse."""

    check_name: str
    dataset: str | None
    indicator_code: str | None
    year: int | None
    subject: str
    observed_value: float | None
    threshold: float
    message_de: str
    rows_affected: int | None = None


def _exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


def _read(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, with_counts: bool
) -> list[PlausibilityWarning]:
    if not _exists(con, schema, table):
        return []
    counts = "rows_affected" if with_counts else "null"
    rows = con.execute(
        "select check_name, dataset, indicator_code, year, subject, observed_value, threshold, "
        f"message_de, {counts} from {schema}.{table} order by {ORDER}"
    ).fetchall()
    return [PlausibilityWarning(*row) for row in rows]


def restricted_warnings(con: duckdb.DuckDBPyConnection) -> list[PlausibilityWarning]:
    """Every warning of the restricted warehouse, with its counts; none before a first build."""
    return _read(con, *RESTRICTED, with_counts=True)


def published_warnings(con: duckdb.DuckDBPyConnection) -> list[PlausibilityWarning]:
    """Every warning of the published copy (no counts); none when the table does not exist."""
    return _read(con, *PUBLISHED, with_counts=False)


def summary_lines(warnings: list[PlausibilityWarning]) -> list[str]:
    """The run summary: one line for the whole, German and English, then one per warning
    with its German message and, in the restricted run, the rows or cases behind it."""
    if not warnings:
        return ["Plausibilität: keine Warnung / plausibility: no warning"]
    lines = [
        f"Plausibilität: {len(warnings)} Warnung(en) / {len(warnings)} plausibility "
        "warning(s) (published anyway; README, Plausibility warnings):"
    ]
    for warning in warnings:
        count = ""
        if warning.rows_affected is not None:
            noun = "Fälle" if warning.check_name == "category_missing" else "Zeilen"
            count = f" [{warning.rows_affected} {noun}]"
        lines.append(f"  {warning.check_name}: {warning.message_de}{count}")
    return lines


def lines_de(warnings: list[PlausibilityWarning]) -> list[str]:
    """For readers of the report: one sentence for the whole, then the messages."""
    if not warnings:
        return ["Die Plausibilitätsprüfungen haben nichts gefunden."]
    return [
        f"{len(warnings)} Plausibilitätswarnung(en): Auffälligkeiten, die auf einen Fehler in "
        "einer Lieferung oder einer Regel hinweisen können. Die Werte sind trotzdem "
        "veröffentlicht; sie sollten vor einer Verwendung geprüft werden.",
        *(warning.message_de for warning in warnings),
    ]
