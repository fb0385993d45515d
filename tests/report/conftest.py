"""The report built once per session from the hand-made published database of tests/exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.exports.published_fixture import build_published


@pytest.fixture(scope="session")
def report_published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_published(tmp_path_factory.mktemp("published") / "warehouse.duckdb")
    path.chmod(0o444)
    return path


@pytest.fixture(scope="session")
def report_file(report_published: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bildungspfade.report import write_report

    out = tmp_path_factory.mktemp("report") / "bildungsbericht.html"
    write_report(report_published, out)
    return out
