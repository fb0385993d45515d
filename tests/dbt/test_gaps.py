"""The gap logic's dbt unit tests (missing vs rejected vs closed, in vs awaited) ran in the
session's build and passed: a unit test that silently stopped running would hide a broken
Datenstand. The models end to end are tested in tests/orchestration/test_gaps.py."""

from __future__ import annotations

import pytest

from tests.dbt.conftest import DbtBuild

GAP_UNIT_TESTS = (
    "test_int_indicator_datasets_mapped_splits_catalogue_sources",
    "test_int_delivery_gaps_listed_missing_years",
    "test_int_delivery_gaps_listed_rejected_and_closed",
    "test_rpt_delivery_status_in_and_awaited",
    "test_int_published_sources_mapped_parts_years_and_breakdowns",
    "test_rpt_awaited_cells_years_breakdowns_and_pathways",
)


@pytest.mark.parametrize("name", GAP_UNIT_TESTS)
def test_gap_unit_test_passed(dbt_build: DbtBuild, name: str) -> None:
    found = {uid: status for uid, status in dbt_build.results.items() if uid.endswith("." + name)}
    assert found, f"unit test {name} did not run"
    assert set(found.values()) == {"pass"}, found
