"""Resources: the DuckDB warehouse, the landing folder and dbt.

Paths come from `settings.load_settings()` when the definitions are loaded (the `@definitions`
function below), never at import: `bildungspfade run --warehouse X` exports its choice first,
and the same module then serves `dg dev`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import DbtCliInvocation, DbtCliResource, DbtProject

from bildungspfade.locking import DEFAULT_WAIT_SECONDS, connect
from bildungspfade.publish import publish_copy, published_file
from bildungspfade.settings import (
    PROJECT_ROOT,
    dbt_environment,
    dbt_executable,
    environment,
    load_settings,
)


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file and the folder of its published, read-only copy.

    DuckDB allows one writing process per file, so every writer opens, works and closes within
    one step (never holding the file while dbt runs), and writer jobs use the in-process executor.
    """

    path: str
    published_dir: str

    @contextlib.contextmanager
    def connect(
        self, read_only: bool = False, wait_seconds: float = DEFAULT_WAIT_SECONDS
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection, waiting up to `wait_seconds` for a finished writer (dbt's process) to
        let go of the file (bildungspfade.locking); the sensor waits for nobody."""
        if not read_only:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        con = connect(self.path, read_only=read_only, wait_seconds=wait_seconds)
        try:
            yield con
        finally:
            con.close()

    def exists(self) -> bool:
        return Path(self.path).is_file()

    @property
    def published_path(self) -> Path:
        return published_file(self.path, self.published_dir)

    def publish(self) -> dict[str, int]:
        """Write the read-only published copy (bildungspfade.publish); rows per table.

        A table refused for a person column is reported in the Dagster log.
        """
        return publish_copy(
            self.path, self.published_path, on_refused=dg.get_dagster_logger().error
        )


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


class WarehouseDbtResource(DbtCliResource):
    """dbt, building the warehouse at `warehouse`.

    profiles.yml reads the location from BILDUNGSPFADE_WAREHOUSE. `DbtCliResource.cli` takes
    no environment of its own: it copies os.environ when it starts the dbt process, so the
    variable is set for exactly that call and the caller's environment is left as it was.
    """

    warehouse: str

    def cli(self, args: Sequence[str], **kwargs: Any) -> DbtCliInvocation:
        with environment(dbt_environment(self.warehouse)):
            return super().cli(args, **kwargs)


def dbt_resource(warehouse: str | Path | None = None) -> WarehouseDbtResource:
    return WarehouseDbtResource(
        project_dir=dbt_project(),
        dbt_executable=dbt_executable(),
        warehouse=str(warehouse or load_settings().warehouse),
    )


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
            "dbt": dbt_resource(settings.warehouse),
        }
    )
