"""Resources: the DuckDB warehouse, the landing folder and dbt.

Paths come from `settings.load_settings()` when the definitions are loaded (the `@definitions`
function below), never at import: `bildungspfade run --warehouse X` exports its choice first,
and the same module then serves `dg dev`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, DbtProject

from bildungspfade.settings import PROJECT_ROOT, load_settings

# What analysts may open. The restricted warehouse holds pseudonyms (raw, staging,
# intermediate, audit.quarantine); the published copy holds only tables whose grain is a
# delivery or an aggregate. Anything listed here is still refused if it carries a person column.
PUBLISHED_TABLES: tuple[tuple[str, str], ...] = (
    ("audit", "deliveries"),
    ("audit", "expectation_results"),
)
# Schemas whose every table is meant for publication (dbt writes aggregates there).
PUBLISHED_SCHEMAS: tuple[str, ...] = ("published",)
PERSON_COLUMNS = frozenset({"pid", "namen_clk", "record", "person_key", "person_id"})


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file and the folder of its published, read-only copy.

    DuckDB allows one writing process per file, so every writer opens, works and closes within
    one step (never holding the file while dbt runs), and writer jobs use the in-process executor.
    """

    path: str
    published_dir: str

    @contextlib.contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        if not read_only:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(self.path, read_only=read_only)
        try:
            yield con
        finally:
            con.close()

    def exists(self) -> bool:
        return Path(self.path).is_file()

    @property
    def published_path(self) -> Path:
        return Path(self.published_dir) / Path(self.path).name

    def publish(self) -> dict[str, int]:
        """Copy the publishable tables into a fresh file and swap it in atomically.

        Analysts holding the old copy open keep reading it (the rename replaces the directory
        entry, not the file they have open). Returns rows per published table.
        """
        target = self.published_path
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        copied: dict[str, int] = {}
        with self.connect() as con:
            tables = _publishable_tables(con)
            con.execute(f"attach '{_sql_str(tmp)}' as pub")
            try:
                for schema, table in tables:
                    con.execute(f'create schema if not exists pub."{schema}"')
                    con.execute(
                        f'create table pub."{schema}"."{table}" as '
                        f'select * from "{schema}"."{table}"'
                    )
                    copied[f"{schema}.{table}"] = con.execute(
                        f'select count(*) from pub."{schema}"."{table}"'
                    ).fetchone()[0]
            finally:
                con.execute("detach pub")
            parquet = _write_parquet(con, tables, target.parent)
        tmp.chmod(0o444)
        os.replace(tmp, target)
        _swap_parquet(parquet, target.parent)
        return copied


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


def _publishable_tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
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
            dg.get_dagster_logger().error(
                f"not publishing {schema}.{table}: it has person-level columns "
                f"{sorted(PERSON_COLUMNS.intersection(columns))}"
            )
            continue
        out.append((schema, table))
    return out


class LandingResource(dg.ConfigurableResource):
    """The landing folder the agencies deliver into (read only for the warehouse)."""

    path: str

    @property
    def root(self) -> Path:
        return Path(self.path)


@cache
def dbt_project() -> DbtProject:
    """The dbt project at the repository root (profiles.yml beside dbt_project.yml)."""
    return DbtProject(project_dir=PROJECT_ROOT, profiles_dir=PROJECT_ROOT)


def dbt_executable() -> str:
    # The dbt beside this interpreter: `dg` and the CLI run from the project venv without
    # necessarily having it on PATH.
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project(), dbt_executable=dbt_executable())


# Everything dbt parses into the manifest; profiles.yml only matters at run time.
_DBT_SOURCES = ("dbt_project.yml", "models", "seeds", "macros", "tests/dbt", "snapshots")


def manifest_is_stale(project: DbtProject) -> bool:
    if not project.manifest_path.exists():
        return True
    built = project.manifest_path.stat().st_mtime
    for name in _DBT_SOURCES:
        path = project.project_dir / name
        paths = [path] if path.is_file() else path.rglob("*") if path.is_dir() else []
        if any(p.stat().st_mtime > built for p in paths if p.is_file()):
            return True
    return False


def prepare_dbt_manifest() -> Path:
    """Parse the dbt project when the manifest is missing or older than a project file.

    Checking first saves a dbt process start (seconds) on every load of unchanged code, in
    `dg dev` as in `bildungspfade run`.
    """
    project = dbt_project()
    if manifest_is_stale(project):
        dbt_resource().cli(["parse", "--quiet"], target_path=project.target_path).wait()
    return project.manifest_path


@dg.definitions
def resources() -> dg.Definitions:
    settings = load_settings()
    return dg.Definitions(
        resources={
            "warehouse": WarehouseResource(
                path=str(settings.warehouse), published_dir=str(settings.published)
            ),
            "landing": LandingResource(path=str(settings.landing)),
            "dbt": dbt_resource(),
        }
    )
