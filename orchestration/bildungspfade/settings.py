"""Where things live. The one place that reads the environment, and only when asked.

BILDUNGSPFADE_WAREHOUSE is the warehouse location shared by the CLI, Dagster and dbt
(profiles.yml reads the same variable). Nothing here runs at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WAREHOUSE_ENV = "BILDUNGSPFADE_WAREHOUSE"
LANDING_ENV = "BILDUNGSPFADE_LANDING"
PUBLISHED_ENV = "BILDUNGSPFADE_PUBLISHED"
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"


@dataclass(frozen=True)
class Settings:
    warehouse: Path
    landing: Path
    published: Path

    @property
    def dbt_project_dir(self) -> Path:
        return PROJECT_ROOT


def load_settings(
    warehouse: str | os.PathLike[str] | None = None,
    landing: str | os.PathLike[str] | None = None,
) -> Settings:
    """Resolve paths: explicit argument, then environment variable, then the default."""
    wh = Path(warehouse or os.environ.get(WAREHOUSE_ENV) or DEFAULT_DATA_DIR / "warehouse.duckdb")
    ld = Path(landing or os.environ.get(LANDING_ENV) or DEFAULT_DATA_DIR / "synth" / "landing")
    pub = Path(os.environ.get(PUBLISHED_ENV) or wh.parent / "published")
    return Settings(warehouse=wh.resolve(), landing=ld.resolve(), published=pub.resolve())


def export_warehouse_env(settings: Settings) -> None:
    """Make the resolved warehouse visible to dbt subprocesses started from this process."""
    os.environ[WAREHOUSE_ENV] = str(settings.warehouse)
