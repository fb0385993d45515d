"""Session-wide fixtures: loading the definitions and running the whole pipeline cost seconds
(dbt and Dagster start-up), so each happens once per test session."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

from tests.orchestration.landing_fixture import build_landing


@pytest.fixture(scope="session")
def env_paths(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("orchestration")
    paths = {
        "landing": root / "landing",
        "warehouse": root / "warehouse" / "warehouse.duckdb",
    }
    paths["landing"].mkdir()
    return paths


@pytest.fixture(scope="session")
def defs(env_paths):
    """The code location as `dg dev` loads it, pointed at temporary paths."""
    warnings.filterwarnings("ignore", module="dagster.*")
    from bildungspfade.definitions import build_definitions
    from bildungspfade.settings import environment, load_settings

    settings = load_settings(warehouse=env_paths["warehouse"], landing=env_paths["landing"])
    with environment(settings.environment()):
        yield build_definitions()


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory):
    """`bildungspfade run` once on the hand-written landing folder."""
    from bildungspfade import cli

    root = tmp_path_factory.mktemp("pipeline")
    landing, warehouse = root / "landing", root / "warehouse.duckdb"
    delivered = build_landing(landing)
    saved = dict(os.environ)
    try:
        code = cli.main(["run", "--landing", str(landing), "--warehouse", str(warehouse)])
        after = dict(os.environ)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    changed = sorted(k for k in set(saved) | set(after) if saved.get(k) != after.get(k))
    return {
        "code": code,
        "landing": landing,
        "warehouse": warehouse,
        "delivered": delivered,
        "environment_changed": changed,
    }
