from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from bildungspfade.ingest import ensure_schema


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    path = tmp_path / "landing"
    path.mkdir()
    return path


@pytest.fixture
def con(tmp_path: Path):
    """A real DuckDB file, as the warehouse is one."""
    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    ensure_schema(connection)
    yield connection
    connection.close()
