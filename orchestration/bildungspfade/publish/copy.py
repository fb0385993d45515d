"""The published copy: the publishable tables of the warehouse in a read-only DuckDB file and
as Parquet, each swapped in atomically beside the warehouse.

Analysts holding the old copy open keep reading it (a rename replaces the directory entry, not
the file they have open). A table with a person-level column is never copied, whatever its
schema: a modelling error is not a reason to leak it.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bildungspfade.publish.contract import PERSON_COLUMNS, PUBLISHED_SCHEMAS, PUBLISHED_TABLES

if TYPE_CHECKING:
    import duckdb

Refusal = Callable[[str], None]


def published_file(
    warehouse: str | os.PathLike[str], published_dir: str | os.PathLike[str]
) -> Path:
    """Where the copy of `warehouse` goes: <published dir>/<warehouse file name>."""
    return Path(published_dir) / Path(warehouse).name


def publish_copy(
    warehouse: str | os.PathLike[str],
    target: str | os.PathLike[str],
    on_refused: Refusal | None = None,
) -> dict[str, int]:
    """Copy the publishable tables of `warehouse` into a fresh file, swap it in as `target`,
    write the same tables as Parquet to `<target folder>/parquet/`. Returns rows per published
    table. `on_refused` hears of every table left out for a person column (default: the log).
    """
    import duckdb

    refuse = on_refused or logging.getLogger(__name__).error
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    copied: dict[str, int] = {}
    con = duckdb.connect(str(warehouse))
    try:
        tables = publishable_tables(con, refuse)
        con.execute(f"attach '{_sql_str(tmp)}' as pub")
        try:
            for schema, table in tables:
                con.execute(f'create schema if not exists pub."{schema}"')
                con.execute(
                    f'create table pub."{schema}"."{table}" as select * from "{schema}"."{table}"'
                )
                copied[f"{schema}.{table}"] = con.execute(
                    f'select count(*) from pub."{schema}"."{table}"'
                ).fetchone()[0]
        finally:
            con.execute("detach pub")
        parquet = _write_parquet(con, tables, target.parent)
    finally:
        con.close()
    tmp.chmod(0o444)
    os.replace(tmp, target)
    _swap_parquet(parquet, target.parent)
    return copied


def publishable_tables(
    con: duckdb.DuckDBPyConnection, on_refused: Refusal
) -> list[tuple[str, str]]:
    """(schema, table) of every table meant for publication that has no person column."""
    rows = con.execute(
        "select table_schema, table_name, list(lower(column_name)) "
        "from information_schema.columns where table_catalog = current_database() "
        "group by all order by all"
    ).fetchall()
    wanted = set(PUBLISHED_TABLES)
    out = []
    for schema, table, columns in rows:
        if (schema, table) not in wanted and schema not in PUBLISHED_SCHEMAS:
            continue
        if PERSON_COLUMNS.intersection(columns):
            # A person-level column in a published place is a modelling error, not a reason
            # to leak it: leave the table out and say so where operators look.
            on_refused(
                f"not publishing {schema}.{table}: it has person-level columns "
                f"{sorted(PERSON_COLUMNS.intersection(columns))}"
            )
            continue
        out.append((schema, table))
    return out


def _write_parquet(
    con: duckdb.DuckDBPyConnection, tables: list[tuple[str, str]], folder: Path
) -> Path:
    """The same tables as Parquet (`<schema>.<table>.parquet`) for tools other than DuckDB, in
    a new versioned folder."""
    out = folder / f".parquet.{os.getpid()}.{time.time_ns()}"
    out.mkdir()
    for schema, table in tables:
        target = out / f"{schema}.{table}.parquet"
        con.execute(
            f'copy (select * from "{schema}"."{table}") to \'{_sql_str(target)}\' (format parquet)'
        )
    return out


def _swap_parquet(version: Path, folder: Path) -> None:
    """Point `parquet/` at the new version in one rename (readers of the old one keep their
    files), then remove older versions."""
    link = folder / "parquet"
    tmp_link = folder / f".parquet.link.{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(version.name)
    os.replace(tmp_link, link)
    for old in folder.glob(".parquet.*"):
        if old.is_dir() and old.name != version.name:
            shutil.rmtree(old, ignore_errors=True)


def _sql_str(path: Path) -> str:
    return str(path).replace("'", "''")
