"""Every indicator of the catalogue is checked by dbt unit tests on hand-made cases, and those
unit tests ran and passed in the session's `dbt test`.

An indicator with cases has its own case model (models/marts/indicators/cases/
fct_indicator_cases__<code>.sql) with a unit test of its own; fct_indicator_cases has a unit
test that feeds every case model and expects every indicator in the union. The segregation
indices (kind index) are unit-tested on fct_segregation_indices.
"""

from __future__ import annotations

import csv
import json

import pytest

from bildungspfade.generate.indicator_cases import KINDS_WITHOUT_CASES, case_model_name, case_models
from tests.dbt.conftest import PROJECT_ROOT, DbtBuild

CATALOGUE = PROJECT_ROOT / "seeds" / "indicators" / "indicator_catalogue.csv"
UNION_TEST = "test_fct_indicator_cases_unions_case_models"


@pytest.fixture(scope="module")
def catalogue() -> dict[str, str]:
    """indicator_code -> kind"""
    with CATALOGUE.open(encoding="utf-8") as f:
        return {row["indicator_code"]: row["kind"] for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def unit_tests(dbt_build: DbtBuild) -> dict[str, dict]:
    """unique_id -> unit test node of the indicator models (fct_indicator_*, case and base
    models, fct_segregation_indices); each must have run and passed in the session."""
    manifest = json.loads((dbt_build.warehouse.parent / "target" / "manifest.json").read_text())
    tests = {
        uid: test
        for uid, test in manifest["unit_tests"].items()
        if test["model"].startswith("fct_indicator_") or test["model"] == "fct_segregation_indices"
    }
    failed = {uid: dbt_build.results.get(uid) for uid in tests}
    failed = {uid: status for uid, status in failed.items() if status != "pass"}
    assert not failed, failed
    return tests


def _expected_codes(unit_test: dict) -> set[str]:
    codes = set()
    for row in unit_test["expect"]["rows"]:
        if "indicator_code" in row:
            codes.add(row["indicator_code"])
        elif "indicator_case_key" in row:
            codes.add(row["indicator_case_key"].split(":", 1)[0])
    return codes


def test_catalogue_and_case_models_agree(catalogue) -> None:
    # the generator refuses a catalogue row without its model and a model without its row
    assert len(catalogue) == 19
    assert case_models() == [
        case_model_name(code) for code, kind in catalogue.items() if kind not in KINDS_WITHOUT_CASES
    ]


def test_every_case_model_has_a_passing_unit_test_of_its_indicator(catalogue, unit_tests) -> None:
    by_model: dict[str, set[str]] = {}
    for test in unit_tests.values():
        by_model.setdefault(test["model"], set()).update(_expected_codes(test))
    missing = {
        code: by_model.get(case_model_name(code), set())
        for code, kind in catalogue.items()
        if kind not in KINDS_WITHOUT_CASES
        and code not in by_model.get(case_model_name(code), set())
    }
    assert not missing, f"case models without a unit test expecting their indicator: {missing}"


def test_every_index_has_a_passing_unit_test(catalogue, unit_tests) -> None:
    covered = set().union(
        *(
            _expected_codes(t)
            for t in unit_tests.values()
            if t["model"] == "fct_segregation_indices"
        )
    )
    indices = {code for code, kind in catalogue.items() if kind in KINDS_WITHOUT_CASES}
    assert indices == {"RB02", "RB03", "RB04", "RB05"}
    assert indices - covered == set()


def test_fct_indicator_cases_unit_test_unions_every_case_model(unit_tests) -> None:
    (union,) = (t for t in unit_tests.values() if t["name"] == UNION_TEST)
    assert union["model"] == "fct_indicator_cases"
    given = {g["input"] for g in union["given"]}
    models = case_models()
    assert {f"ref('{name}')" for name in models} <= given
    # every case model's rows reach the union, decorated with the catalogue's kind
    expected = union["expect"]["rows"]
    codes = {r["indicator_code"] for r in expected}
    assert codes == {name.removeprefix("fct_indicator_cases__").upper() for name in models}
    assert all(r["kind"] in ("verteilung", "quote") for r in expected)
