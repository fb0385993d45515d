"""The published copy holds the publishable tables only, never a person column."""

from __future__ import annotations

import json
import stat
import subprocess

import duckdb

from bildungspfade.publish import (
    publish_copy,
    published_file,
    remove_interrupted_leftovers,
    resume_message,
)
from bildungspfade.publish.copy import (
    PARQUET_COLUMNS_KEY,
    PARQUET_COMMENT_KEY,
    PARQUET_TABLE_KEY,
)


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


def test_the_copy_carries_comments_to_duckdb_and_parquet(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    _warehouse(warehouse)
    con = duckdb.connect(str(warehouse))
    con.execute("comment on table published.pub_counts is 'Zählungen je Gebiet'")
    con.execute("comment on column published.pub_counts.count is 'Personen (geheimgehalten)'")
    con.close()
    target = published_file(warehouse, tmp_path / "published")

    publish_copy(warehouse, target, on_refused=lambda _: None)

    con = duckdb.connect(str(target), read_only=True)
    assert con.execute(
        "select comment from duckdb_tables() where table_name = 'pub_counts'"
    ).fetchone() == ("Zählungen je Gebiet",)
    assert con.execute(
        "select column_name, comment from duckdb_columns() "
        "where table_name = 'pub_counts' order by column_index"
    ).fetchall() == [("area_id", None), ("count", "Personen (geheimgehalten)")]
    parquet = target.parent / "parquet" / "published.pub_counts.parquet"
    metadata = dict(
        con.execute(
            "select decode(key), decode(value) from parquet_kv_metadata(?)", [str(parquet)]
        ).fetchall()
    )
    con.close()
    assert metadata[PARQUET_TABLE_KEY] == "published.pub_counts"
    assert metadata[PARQUET_COMMENT_KEY] == "Zählungen je Gebiet"
    assert json.loads(metadata[PARQUET_COLUMNS_KEY]) == {"count": "Personen (geheimgehalten)"}


def test_the_copy_is_written_in_the_storage_format_of_duckdb_1(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    _warehouse(warehouse)
    target = published_file(warehouse, tmp_path / "published")

    publish_copy(warehouse, target, on_refused=lambda _: None)

    # DuckDB's file header: magic "DUCK" at byte 8, then the storage version number (uint64);
    # 64 is what DuckDB 1.0 to 1.1 write and every 1.x client reads.
    header = target.read_bytes()[:24]
    assert header[8:12] == b"DUCK"
    assert int.from_bytes(header[12:20], "little") == 64


def test_an_interrupted_publication_is_cleaned_up_by_the_next(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    _warehouse(warehouse)
    target = published_file(warehouse, tmp_path / "published")
    publish_copy(warehouse, target, on_refused=lambda _: None)
    # what a publication killed mid-copy leaves: its temporary file and WAL, a Parquet
    # folder never swapped in, a half-made link; the pid is of a process that has ended
    pid = _ended_pid()
    left = [
        target.parent / f".{target.name}.{pid}.tmp",
        target.parent / f".{target.name}.{pid}.tmp.wal",
        target.parent / f".parquet.link.{pid}",
    ]
    for path in left:
        path.write_bytes(b"x")
    (target.parent / f".parquet.{pid}.123").mkdir()

    removed = remove_interrupted_leftovers(target)

    assert sorted(p.name for p in removed) == sorted(
        [p.name for p in left] + [f".parquet.{pid}.123"]
    )
    assert "resuming after an interrupted publication" in resume_message(removed)
    assert not any(p.exists() for p in left)
    assert target.exists() and (target.parent / "parquet").resolve().is_dir()
    # a live publisher's temporary file is left alone
    own = subprocess.Popen(["sleep", "30"])  # noqa: S607
    try:
        live = target.parent / f".{target.name}.{own.pid}.tmp"
        live.write_bytes(b"x")
        assert remove_interrupted_leftovers(target) == []
        assert live.exists()
    finally:
        own.kill()
        own.wait()


def _ended_pid() -> int:
    proc = subprocess.Popen(["true"])  # noqa: S607
    proc.wait()
    return proc.pid
