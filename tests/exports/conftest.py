"""One hand-made published database per session (published_fixture.py), read-only like the
real copy."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from published_fixture import build_published  # noqa: E402


@pytest.fixture(scope="session")
def published_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_published(tmp_path_factory.mktemp("published") / "warehouse.duckdb")
    path.chmod(0o444)
    return path
