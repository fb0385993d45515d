"""The published copy holds the publishable tables only, never a person column."""

from __future__ import annotations

import stat

import duckdb
from bildungspfade.publish import publish_copy, published_file


def _warehouse(path):
    con = duckdb.connect(str(path))
    con.execute("create schema published; create schema audit; create schema raw")
    con.execute("create table published.pub_counts as select 1 as area_id, 5 as count")
    con.execute("create table published.leaky as select 'abc' as person_key, 1 as n")
    con.execute("create table published.renamed as select 'abc' as Pseudonym, 1 as n")
    con.execute("create table audit.deliveries as select 'd1' as delivery_id")
    con.execute("create table audit.quarantine as select 'd1' as delivery_id")
    con.execute("create table raw.schueler as select 'p1' as pid")
    con.close()


def test_copies_publishable_tables_and_refuses_person_columns(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    _warehouse(warehouse)
    target = published_file(warehouse, tmp_path / "published")
    refused: list[str] = []

    copied = publish_copy(warehouse, target, on_refused=refused.append)

    assert copied == {"audit.deliveries": 1, "published.pub_counts": 1}
    assert len(refused) == 2
    assert "published.leaky" in refused[0] and "person_key" in refused[0]
    assert "published.renamed" in refused[1] and "pseudonym" in refused[1]
    assert target == tmp_path / "published" / "warehouse.duckdb"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444  # read-only, even for root's tools
    con = duckdb.connect(str(target), read_only=True)
    tables = {
        f"{s}.{t}"
        for s, t in con.execute("select schema_name, table_name from duckdb_tables()").fetchall()
    }
    con.close()
    assert tables == set(copied)
    parquet = target.parent / "parquet"
    assert parquet.is_symlink()
    assert sorted(p.name for p in parquet.iterdir()) == [
        "audit.deliveries.parquet",
        "published.pub_counts.parquet",
    ]


def test_a_second_copy_replaces_the_first_and_its_parquet(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    _warehouse(warehouse)
    target = published_file(warehouse, tmp_path / "published")
    publish_copy(warehouse, target, on_refused=lambda _: None)
    first = (target.parent / "parquet").resolve()
    con = duckdb.connect(str(warehouse))
    con.execute("insert into published.pub_counts values (2, 7)")
    con.close()

    copied = publish_copy(warehouse, target, on_refused=lambda _: None)

    assert copied["published.pub_counts"] == 2
    assert (target.parent / "parquet").resolve() != first and not first.exists()
