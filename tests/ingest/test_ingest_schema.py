from __future__ import annotations

import duckdb

from bildungspfade import spec
from bildungspfade.ingest import ensure_schema
from bildungspfade.ingest.schema import KIND_TYPES, PROVENANCE_COLUMNS


def _columns(con, schema: str, table: str) -> list[tuple[str, str]]:
    return con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, table],
    ).fetchall()


def test_raw_tables_follow_spec_order_and_architecture_types(con):
    expected_types = {
        "pid": "VARCHAR", "pattern": "VARCHAR", "code": "VARCHAR", "text": "VARCHAR",
        "clk": "VARCHAR", "int": "INTEGER", "date": "DATE", "month": "DATE",
        "geometry": "VARCHAR",
    }  # fmt: skip
    assert set(KIND_TYPES) == set(expected_types)
    provenance = [
        ("_delivery_id", "VARCHAR"),
        ("_stichtag", "DATE"),
        ("_lieferung", "INTEGER"),
        ("_source_file", "VARCHAR"),
        ("_row_number", "BIGINT"),
        ("_loaded_at", "TIMESTAMP"),
    ]
    assert [(n, t.upper()) for n, t in PROVENANCE_COLUMNS] == provenance
    for ds in spec.DATASETS.values():
        want = [(c.name, expected_types[c.kind]) for c in ds.columns] + provenance
        assert _columns(con, "raw", ds.name) == want, ds.name


def test_audit_tables_have_the_documented_columns(con):
    deliveries = [c for c, _ in _columns(con, "audit", "deliveries")]
    assert deliveries == [
        "delivery_id", "dataset", "stichtag", "lieferung", "source_file", "sha256", "file_bytes",
        "encoding", "status", "reason", "rows_in", "rows_loaded", "rows_quarantined",
        "rows_rejected", "duplicate_of", "superseded_by", "extra_columns", "seen_at", "loaded_at",
    ]  # fmt: skip
    assert [c for c, _ in _columns(con, "audit", "quarantine")] == [
        "delivery_id", "dataset", "stichtag", "source_file", "row_number", "rule",
        "column_name", "reason", "record",
    ]  # fmt: skip
    assert _columns(con, "audit", "expectation_results") == [
        ("delivery_id", "VARCHAR"), ("dataset", "VARCHAR"), ("suite", "VARCHAR"),
        ("expectation", "VARCHAR"), ("column_name", "VARCHAR"), ("success", "BOOLEAN"),
        ("element_count", "BIGINT"), ("unexpected_count", "BIGINT"),
        ("unexpected_percent", "DOUBLE"), ("observed_value", "DOUBLE"), ("mostly", "DOUBLE"),
        ("blocking", "BOOLEAN"), ("checked_at", "TIMESTAMP"),
    ]  # fmt: skip
    assert [c for c, _ in _columns(con, "audit", "current_deliveries")] == deliveries


def test_ensure_schema_is_idempotent_and_keeps_data(tmp_path):
    path = str(tmp_path / "w.duckdb")
    with duckdb.connect(path) as con:
        ensure_schema(con)
        con.execute("insert into raw.sgb2 (pid, jahr) values (null, 2020)")
    with duckdb.connect(path) as con:
        ensure_schema(con)
        ensure_schema(con)
        assert con.execute("select count(*) from raw.sgb2").fetchone() == (1,)


def test_the_listing_works_before_anything_was_loaded(tmp_path):
    from bildungspfade.ingest import deliveries

    with duckdb.connect(str(tmp_path / "empty.duckdb")) as con:
        assert deliveries(con) == []
