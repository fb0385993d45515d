"""The plausibility checks' dbt unit tests ran in the session's build and passed: each check
fires on a constructed case and stays quiet on clean data and at its thresholds (YAML next to
the models: models/intermediate/quality, models/marts/quality). A unit test that silently
stopped running would hide a check that never fires. The staging views the checks read are
built on the fixture warehouse and checked against its quarantined rows here."""

from __future__ import annotations

import pytest

from tests.dbt.conftest import DbtBuild

PLAUSIBILITY_UNIT_TESTS = (
    "test_int_quarantined_codes_compared_lost_category",
    "test_int_quarantine_rules_measured_share_per_rule",
    "test_int_indicator_categories_delivered_through_crosswalks",
    "test_rpt_plausibility_warnings_fire",
    "test_rpt_plausibility_warnings_quiet_on_clean_data",
)


@pytest.mark.parametrize("name", PLAUSIBILITY_UNIT_TESTS)
def test_plausibility_unit_test_passed(dbt_build: DbtBuild, name: str) -> None:
    found = {uid: status for uid, status in dbt_build.results.items() if uid.endswith("." + name)}
    assert found, f"unit test {name} did not run"
    assert set(found.values()) == {"pass"}, found


def test_staged_quarantine_holds_the_current_deliveries_rows(dbt_build: DbtBuild) -> None:
    """stg_audit__quarantine: every quarantined row of a current delivery, no other."""
    with dbt_build.connect() as con:
        expected = con.execute(
            "select count(*) from audit.quarantine "
            "where delivery_id in (select delivery_id from audit.current_deliveries)"
        ).fetchone()[0]
        staged = con.execute("select count(*) from staging.stg_audit__quarantine").fetchone()[0]
    assert expected > 0, "the fixture has no quarantined row of a current delivery"
    assert staged == expected


def test_loaded_code_values_count_the_raw_rows(dbt_build: DbtBuild) -> None:
    """stg_audit__loaded_code_values: per delivery with quarantined rows, code column and
    value, the rows loaded into raw.<dataset>, counted again here from raw."""
    with dbt_build.connect() as con:
        rows = con.execute(
            "select dataset, delivery_id, code_column, code_value, rows_loaded "
            "from staging.stg_audit__loaded_code_values"
        ).fetchall()
        assert rows, "no delivery with quarantined rows has loaded code values"
        for dataset, delivery_id, column, value, loaded in rows:
            counted = con.execute(
                f"select count(*) from raw.{dataset} "
                f"where _delivery_id = ? and cast({column} as varchar) = ?",
                [delivery_id, value],
            ).fetchone()[0]
            assert loaded == counted, (dataset, delivery_id, column, value)
