"""Warehouse DDL for the landing side: `raw.<dataset>` and the `audit` tables.

Types follow docs/architecture.md exactly; the column list of each raw table is derived from
spec.py so that a new column in the specification needs no change here.
"""

from __future__ import annotations

import duckdb

from bildungspfade import spec

# spec kind -> DuckDB type of the loaded value
KIND_TYPES = {
    "pid": "varchar",
    "pattern": "varchar",
    "code": "varchar",
    "text": "varchar",
    "clk": "varchar",
    "int": "integer",
    "date": "date",
    "month": "date",
    "geometry": "varchar",  # GeoJSON geometry text, as delivered
}

PROVENANCE_COLUMNS = (
    ("_delivery_id", "varchar"),
    ("_stichtag", "date"),
    ("_lieferung", "integer"),
    ("_source_file", "varchar"),
    ("_row_number", "bigint"),
    ("_loaded_at", "timestamp"),
)

DELIVERIES_DDL = """
create table if not exists audit.deliveries (
    delivery_id varchar not null,
    dataset varchar,
    stichtag date,
    lieferung integer,
    source_file varchar not null,
    sha256 varchar not null,
    file_bytes bigint not null,
    encoding varchar,
    status varchar not null check (status in ('loaded', 'rejected', 'superseded', 'duplicate')),
    reason varchar,
    rows_in bigint not null,
    rows_loaded bigint not null,
    rows_quarantined bigint not null,
    rows_rejected bigint not null,
    duplicate_of varchar,
    superseded_by varchar,
    extra_columns varchar,
    seen_at timestamp not null,
    loaded_at timestamp,
    check (rows_in = rows_loaded + rows_quarantined + rows_rejected)
)
"""

QUARANTINE_DDL = """
create table if not exists audit.quarantine (
    delivery_id varchar not null,
    dataset varchar not null,
    stichtag date not null,
    source_file varchar not null,
    row_number bigint not null,
    rule varchar not null,
    column_name varchar,
    reason varchar not null,
    record json not null
)
"""

EXPECTATION_RESULTS_DDL = """
create table if not exists audit.expectation_results (
    delivery_id varchar not null,
    dataset varchar not null,
    suite varchar,
    expectation varchar not null,
    column_name varchar,
    success boolean,
    element_count bigint,
    unexpected_count bigint,
    unexpected_percent double,
    observed_value double,
    mostly double,
    blocking boolean,
    checked_at timestamp not null
)
"""

# Staging models read current rows through this view only.
CURRENT_DELIVERIES_DDL = """
create view if not exists audit.current_deliveries as
select * from audit.deliveries where status = 'loaded'
"""

EXPECTATION_RESULT_KEYS = (
    "expectation",
    "column_name",
    "success",
    "element_count",
    "unexpected_count",
    "unexpected_percent",
    "observed_value",
    "mostly",
    "suite",
    "blocking",
)


def quote(name: str) -> str:
    """A SQL identifier, quoted (column names come from spec.py, but quoting costs nothing)."""
    return '"' + name.replace('"', '""') + '"'


def raw_table(dataset: str) -> str:
    return f"raw.{quote(dataset)}"


def raw_table_ddl(ds: spec.Dataset) -> str:
    columns = [f"{quote(c.name)} {KIND_TYPES[c.kind]}" for c in ds.columns]
    columns += [f"{quote(name)} {sql_type}" for name, sql_type in PROVENANCE_COLUMNS]
    body = ",\n    ".join(columns)
    return f"create table if not exists {raw_table(ds.name)} (\n    {body}\n)"


def _relations() -> set[tuple[str, str]]:
    """(schema, name) of every table and view ensure_schema creates."""
    raw = {("raw", name) for name in spec.DATASETS}
    audit = {("audit", name) for name in AUDIT_RELATIONS}
    return raw | audit


AUDIT_RELATIONS = ("deliveries", "quarantine", "expectation_results", "current_deliveries")


def _complete(con: duckdb.DuckDBPyConnection) -> bool:
    # One catalogue query instead of 17 DDL statements: ingestion calls this for every file.
    found = con.execute(
        "select schema_name, table_name from duckdb_tables() "
        "where database_name = current_database() "
        "union all select schema_name, view_name from duckdb_views() "
        "where database_name = current_database()"
    ).fetchall()
    return _relations() <= set(found)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create schemas, tables and the view if missing. Safe to call on every run."""
    if _complete(con):
        return
    con.execute("create schema if not exists raw")
    con.execute("create schema if not exists audit")
    for ds in spec.DATASETS.values():
        con.execute(raw_table_ddl(ds))
    con.execute(DELIVERIES_DDL)
    con.execute(QUARANTINE_DDL)
    con.execute(EXPECTATION_RESULTS_DDL)
    con.execute(CURRENT_DELIVERIES_DDL)
