"""Every indicator of the catalogue is checked by a dbt unit test on hand-made cases
(models/marts/indicators/_indicators__unit_tests.yml), and those unit tests ran and passed in
the session's `dbt test`."""

from __future__ import annotations

import csv
import json

from tests.dbt.conftest import PROJECT_ROOT, DbtBuild

CATALOGUE = PROJECT_ROOT / "seeds" / "indicators" / "indicator_catalogue.csv"
INDICATOR_MODELS = ("fct_indicator_cases", "fct_segregation_indices")


def _expected_codes(unit_test: dict) -> set[str]:
    codes = set()
    for row in unit_test["expect"]["rows"]:
        if "indicator_code" in row:
            codes.add(row["indicator_code"])
        elif "indicator_case_key" in row:
            codes.add(row["indicator_case_key"].split(":", 1)[0])
    return codes


def test_every_catalogue_indicator_has_a_passing_unit_test(dbt_build: DbtBuild) -> None:
    with CATALOGUE.open(encoding="utf-8") as f:
        catalogue = {row["indicator_code"] for row in csv.DictReader(f)}
    manifest = json.loads((dbt_build.warehouse.parent / "target" / "manifest.json").read_text())
    unit_tests = {
        uid: test
        for uid, test in manifest["unit_tests"].items()
        if test["model"] in INDICATOR_MODELS
    }
    covered: set[str] = set()
    for uid, test in unit_tests.items():
        assert dbt_build.results.get(uid) == "pass", (uid, dbt_build.results.get(uid))
        covered |= _expected_codes(test)
    assert len(catalogue) == 19
    assert catalogue - covered == set()
