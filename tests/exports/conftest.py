"""One hand-made published database per session (published_fixture.py), read-only like the
real copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.exports.published_fixture import build_published


@pytest.fixture(scope="session")
def published_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_published(tmp_path_factory.mktemp("published") / "warehouse.duckdb")
    path.chmod(0o444)
    return path
