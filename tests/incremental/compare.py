"""Table-by-table comparison of two built warehouses (an incremental build and a full rebuild)."""

from __future__ import annotations

from pathlib import Path

import duckdb

# Schemas dbt builds; raw and audit are written by ingestion and are the same input for both.
BUILT_SCHEMAS = ("staging", "intermediate", "marts", "published")
# Columns that describe the dbt invocation (its id, the audit's solving time), not the data.
RUN_COLUMNS = {"linkage_run_id", "unit_seconds", "seconds"}


def _tables(con: duckdb.DuckDBPyConnection, catalog: str) -> set[str]:
    schemas = ", ".join(f"'{s}'" for s in BUILT_SCHEMAS)
    rows = con.sql(
        "select table_schema || '.' || table_name from information_schema.tables "
        f"where table_catalog = '{catalog}' and table_schema in ({schemas}) "
        "and table_type = 'BASE TABLE'"
    ).fetchall()
    return {name for (name,) in rows}


def _columns(con: duckdb.DuckDBPyConnection, catalog: str, table: str) -> list[str]:
    rows = con.sql(
        "select column_name from information_schema.columns "
        f"where table_catalog = '{catalog}' and table_schema || '.' || table_name = '{table}' "
        "order by ordinal_position"
    ).fetchall()
    return [name for (name,) in rows if name not in RUN_COLUMNS]


def _count_except(con: duckdb.DuckDBPyConnection, select: str, left: str, right: str) -> int:
    only_left = f"select {select} from {left} except all select {select} from {right}"
    return con.execute(f"select count(*) from ({only_left})").fetchall()[0][0]


def differences(incremental: Path, full: Path) -> dict[str, str]:
    """table -> what differs; empty when both warehouses hold the same rows in every table.

    Rows are compared as multisets (EXCEPT ALL both ways) over all columns but RUN_COLUMNS.
    """
    con = duckdb.connect()
    con.execute(f"attach '{incremental}' as inc (read_only)")
    con.execute(f"attach '{full}' as ful (read_only)")
    found: dict[str, str] = {}
    inc_tables, full_tables = _tables(con, "inc"), _tables(con, "ful")
    for name in sorted(inc_tables ^ full_tables):
        found[name] = "table exists in only one build"
    for name in sorted(inc_tables & full_tables):
        columns = _columns(con, "ful", name)
        if columns != _columns(con, "inc", name):
            found[name] = "columns differ"
            continue
        select = ", ".join(f'"{c}"' for c in columns)
        only_inc = _count_except(con, select, f"inc.{name}", f"ful.{name}")
        only_full = _count_except(con, select, f"ful.{name}", f"inc.{name}")
        if only_inc or only_full:
            found[name] = f"{only_inc} row(s) only incremental, {only_full} only in the full build"
    con.close()
    return found
