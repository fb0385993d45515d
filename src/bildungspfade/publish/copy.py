"""The published copy: the publishable tables of the warehouse in a read-only DuckDB file and
as Parquet, each swapped in atomically beside the warehouse.

Analysts holding the old copy open keep reading it (a rename replaces the directory entry, not
the file they have open). A table with a person-level column is never copied, whatever its
schema: a modelling error is not a reason to leak it.

The copy is for every client: it is written in DuckDB's storage format 1.0 (`STORAGE_VERSION`),
which DuckDB 1.0 and later read (DBeaver, R and CLIs still on 1.x), and carries the table and
column comments of the warehouse; each Parquet file carries them as key-value metadata. A
publication that was killed leaves its temporary file behind: the next one removes it
(`interrupted_leftovers`) and says so.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bildungspfade.locking import connect, process_alive
from bildungspfade.publish.contract import PERSON_COLUMNS, PUBLISHED_SCHEMAS, PUBLISHED_TABLES

if TYPE_CHECKING:
    import duckdb

Refusal = Callable[[str], None]

# The oldest storage format DuckDB still writes; DuckDB 1.0 and every later client read it
# (a file in the 2.x format stops a 1.x client with "version number 999"). Tested with
# DuckDB 1.0.0 in tests/publish/test_old_clients.py.
STORAGE_VERSION = "v1.0.0"
# Parquet key-value metadata keys (readable with pyarrow's schema.metadata or DuckDB's
# parquet_kv_metadata()).
PARQUET_TABLE_KEY = "bildungspfade:table"
PARQUET_COMMENT_KEY = "bildungspfade:comment"
PARQUET_COLUMNS_KEY = "bildungspfade:column_comments"


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
    log = logging.getLogger(__name__)
    refuse = on_refused or log.error
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    removed = remove_interrupted_leftovers(target)
    if removed:
        log.warning(resume_message(removed))
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    copied: dict[str, int] = {}
    # the build's dbt process may still be closing the file
    con = connect(warehouse)
    try:
        tables = publishable_tables(con, refuse)
        comments = _comments(con)
        con.execute(f"attach '{_sql_str(tmp)}' as pub (storage_version '{STORAGE_VERSION}')")
        try:
            for schema, table in tables:
                con.execute(f'create schema if not exists pub."{schema}"')
                con.execute(
                    f'create table pub."{schema}"."{table}" as select * from "{schema}"."{table}"'
                )
                _comment(con, f'pub."{schema}"."{table}"', comments.get((schema, table)))
                copied[f"{schema}.{table}"] = con.execute(
                    f'select count(*) from pub."{schema}"."{table}"'
                ).fetchone()[0]
        finally:
            con.execute("detach pub")
        parquet = _write_parquet(con, tables, target.parent, comments)
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


# (table comment, {column: comment}) of a table
Comments = tuple[str | None, dict[str, str]]


def _comments(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], Comments]:
    """The comments dbt persisted on the warehouse's tables and columns (persist_docs)."""
    out: dict[tuple[str, str], Comments] = {}
    for schema, table, comment in con.execute(
        "select schema_name, table_name, comment from duckdb_tables() "
        "where database_name = current_database()"
    ).fetchall():
        out[(schema, table)] = (comment, {})
    for schema, table, column, comment in con.execute(
        "select schema_name, table_name, column_name, comment from duckdb_columns() "
        "where database_name = current_database() and comment is not null"
    ).fetchall():
        if (schema, table) in out:
            out[(schema, table)][1][column] = comment
    return out


def _comment(con: duckdb.DuckDBPyConnection, relation: str, comments: Comments | None) -> None:
    if comments is None:
        return
    table_comment, columns = comments
    if table_comment:
        con.execute(f"comment on table {relation} is '{_sql_str(table_comment)}'")
    for column, comment in columns.items():
        con.execute(f"comment on column {relation}.\"{column}\" is '{_sql_str(comment)}'")


def _write_parquet(
    con: duckdb.DuckDBPyConnection,
    tables: list[tuple[str, str]],
    folder: Path,
    comments: dict[tuple[str, str], Comments],
) -> Path:
    """The same tables as Parquet (`<schema>.<table>.parquet`) for tools other than DuckDB, in
    a new versioned folder; each file carries its table's name and comments as key-value
    metadata."""
    out = folder / f".parquet.{os.getpid()}.{time.time_ns()}"
    out.mkdir()
    for schema, table in tables:
        target = out / f"{schema}.{table}.parquet"
        table_comment, columns = comments.get((schema, table), (None, {}))
        metadata = {
            PARQUET_TABLE_KEY: f"{schema}.{table}",
            PARQUET_COMMENT_KEY: table_comment or "",
            PARQUET_COLUMNS_KEY: json.dumps(columns, ensure_ascii=False),
        }
        kv = ", ".join(f"'{_sql_str(k)}': '{_sql_str(v)}'" for k, v in metadata.items())
        con.execute(
            f'copy (select * from "{schema}"."{table}") to \'{_sql_str(target)}\' '
            f"(format parquet, kv_metadata {{{kv}}})"
        )
    return out


def remove_interrupted_leftovers(target: str | os.PathLike[str]) -> list[Path]:
    """Remove what a killed publication left beside `target` (its temporary copy and WAL,
    unswapped Parquet folders, a half-made link) when the process that wrote it is gone;
    returns what was removed. A live publisher's files are left alone."""
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        return []
    current = (folder / "parquet").resolve() if (folder / "parquet").is_symlink() else None
    removed = []
    patterns = (f".{target.name}.*.tmp", f".{target.name}.*.tmp.wal", ".parquet.*")
    for pattern in patterns:
        for path in sorted(folder.glob(pattern)):
            if path == current or path.resolve() == current or _writer_alive(path):
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def resume_message(removed: list[Path]) -> str:
    """One line for the operator: the last publication was interrupted, this run resumes."""
    names = ", ".join(sorted(p.name for p in removed))
    return f"resuming after an interrupted publication: removed its leftovers ({names})"


def _writer_alive(path: Path) -> bool:
    """Whether the process whose pid is in the leftover's name still runs (names carry the
    writer's pid: .<file>.<pid>.tmp, .parquet.<pid>.<ns>, .parquet.link.<pid>)."""
    for part in path.name.split("."):
        if part.isdigit() and len(part) < 10:
            return process_alive(int(part))
    return False


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
