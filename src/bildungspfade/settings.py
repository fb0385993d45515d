"""Where things live. The one place that reads the environment, and only when asked.

BILDUNGSPFADE_WAREHOUSE is the warehouse location shared by the CLI, Dagster and dbt
(profiles.yml reads the same variable, and every caller of dbt sets it: `dbt_environment`).
Without it the warehouse is `WAREHOUSE_FILE` in the data folder (BILDUNGSPFADE_DATA, default
`data/` in the repository, which the Makefile's DATA sets): the one place the default location
is written. Nothing here runs at import time.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WAREHOUSE_ENV = "BILDUNGSPFADE_WAREHOUSE"
LANDING_ENV = "BILDUNGSPFADE_LANDING"
PUBLISHED_ENV = "BILDUNGSPFADE_PUBLISHED"
DATA_ENV = "BILDUNGSPFADE_DATA"
DAGSTER_HOME_ENV = "DAGSTER_HOME"
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
WAREHOUSE_FILE = "warehouse.duckdb"


@dataclass(frozen=True)
class Settings:
    warehouse: Path
    landing: Path
    published: Path

    @property
    def dbt_project_dir(self) -> Path:
        return PROJECT_ROOT

    @property
    def dagster_home(self) -> Path:
        """The persistent Dagster instance (bildungspfade/instance.py): DAGSTER_HOME, else
        `dagster/` beside the warehouse, so runs of the CLI show in the UI."""
        home = os.environ.get(DAGSTER_HOME_ENV)
        return Path(home).resolve() if home else self.warehouse.parent / "dagster"

    def environment(self) -> dict[str, str]:
        """These locations as the environment variables `load_settings` reads: what a process
        started from here (or definitions loaded later in this one) needs to see the same."""
        return {WAREHOUSE_ENV: str(self.warehouse), LANDING_ENV: str(self.landing)}


def load_settings(
    warehouse: str | os.PathLike[str] | None = None,
    landing: str | os.PathLike[str] | None = None,
) -> Settings:
    """Resolve paths: explicit argument, then environment variable, then the default in the
    data folder."""
    data = Path(os.environ.get(DATA_ENV) or DEFAULT_DATA_DIR)
    wh = Path(warehouse or os.environ.get(WAREHOUSE_ENV) or data / WAREHOUSE_FILE)
    ld = Path(landing or os.environ.get(LANDING_ENV) or data / "synth" / "landing")
    pub = Path(os.environ.get(PUBLISHED_ENV) or wh.parent / "published")
    return Settings(warehouse=wh.resolve(), landing=ld.resolve(), published=pub.resolve())


def dbt_executable() -> str:
    """The dbt beside this interpreter: `dg` and the CLI run from the project venv without
    necessarily having it on PATH."""
    import sys

    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def dbt_environment(warehouse: str | os.PathLike[str]) -> dict[str, str]:
    """What a dbt process needs beyond the inherited environment: the warehouse it builds
    (profiles.yml has no default of its own)."""
    return {WAREHOUSE_ENV: str(warehouse)}


@contextlib.contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for the length of a block, then put back what was there.

    For callees that read os.environ and take no environment of their own (Dagster's resource
    loading, dagster-dbt's `DbtCliResource.cli`)."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
