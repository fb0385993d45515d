"""The committed suites: generated from spec.py, complete, documented, loadable."""

from __future__ import annotations

import json

import pytest

from bildungspfade.generate import suites as build_suites
from bildungspfade.quality import notes
from bildungspfade.quality.formats import GERMAN_DATE, ISO_DATE
from bildungspfade.quality.keys import record_key
from bildungspfade.quality.store import SUITE_DIR, load_suite, render, suite_path
from bildungspfade.spec import DATASETS

IN_SET = "expect_column_values_to_be_in_set"
META_KEYS = {"description_de", "description_en", "what", "when_it_matters", "how_to_resolve"}


def test_committed_suites_equal_generated():
    assert build_suites.drifted() == [], "run: python -m bildungspfade.generate.suites"


def test_one_suite_per_dataset_and_nothing_else():
    assert sorted(p.stem for p in SUITE_DIR.glob("*.json")) == sorted(DATASETS)


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_suite_loads_back_unchanged(dataset):
    assert render(load_suite(dataset)) == suite_path(dataset).read_text(encoding="utf-8")


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_every_expectation_is_documented_and_graded(dataset):
    data = json.loads(suite_path(dataset).read_text(encoding="utf-8"))
    for e in data["expectations"]:
        meta = e["meta"]
        assert meta.keys() >= META_KEYS, e["type"]
        assert all(meta[k].strip() for k in META_KEYS)
        assert meta["blocking"] is (meta["check"] in notes.BLOCKING_CHECKS)
        assert e["severity"] == ("critical" if meta["blocking"] else "warning")


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_suite_covers_schema_volume_duplicates_and_every_column(dataset):
    ds = DATASETS[dataset]
    data = json.loads(suite_path(dataset).read_text(encoding="utf-8"))
    by_type: dict[str, list[dict]] = {}
    for e in data["expectations"]:
        by_type.setdefault(e["type"], []).append(e["kwargs"])

    (schema,) = by_type["expect_table_columns_to_match_set"]
    assert schema["column_set"] == list(ds.required_columns) and not schema["exact_match"]
    (rows,) = by_type["expect_table_row_count_to_be_between"]
    assert rows["min_value"] == {"$PARAMETER": "min_rows"}
    assert rows["max_value"] == {"$PARAMETER": "max_rows"}
    (unique,) = by_type["expect_compound_columns_to_be_unique"]
    assert unique["column_list"] == list(record_key(dataset))

    in_set = {k["column"]: k["value_set"] for k in by_type.get(IN_SET, [])}
    between = {k["column"]: k for k in by_type.get("expect_column_values_to_be_between", [])}
    regex = {k["column"] for k in by_type.get("expect_column_values_to_match_regex", [])}
    not_null = {k["column"] for k in by_type.get("expect_column_values_to_not_be_null", [])}
    for col in ds.columns:
        if col.kind == "code":
            assert in_set[col.name] == list(col.codes)
        if col.kind == "int":
            assert (between[col.name]["min_value"], between[col.name]["max_value"]) == (
                col.low,
                col.high,
            )
        if col.kind in {"pid", "pattern", "date", "month", "clk"}:
            assert col.name in regex
        if not col.nullable or col.kind == "pid":
            assert col.name in not_null


def test_pid_tolerances_follow_the_specification():
    kwargs = {
        (e["type"], e["kwargs"].get("column")): e["kwargs"]
        for e in json.loads(suite_path("schueler").read_text(encoding="utf-8"))["expectations"]
    }
    assert kwargs[("expect_column_values_to_match_regex", "pid")]["mostly"] == 0.97
    assert kwargs[("expect_column_values_to_not_be_null", "pid")]["mostly"] == 0.98
    assert kwargs[("expect_column_values_to_match_regex", "pid")]["regex"] == "^[0-9a-f]{64}$"


def test_youth_office_suites_expect_german_dates():
    def regex_of(dataset: str, column: str) -> str:
        for e in load_suite(dataset).to_json_dict()["expectations"]:
            if e["kwargs"].get("column") == column and "regex" in e["kwargs"]:
                return e["kwargs"]["regex"]
        raise KeyError(column)

    assert regex_of("kita", "betreut_seit") == GERMAN_DATE
    assert regex_of("einrichtungen", "gueltig_ab") == GERMAN_DATE
    assert regex_of("seu", "untersuchung_datum") == ISO_DATE


def test_build_suites_check_flags_a_hand_edited_suite(tmp_path):
    build_suites.write(tmp_path)
    assert build_suites.main(["--check", "--dir", str(tmp_path)]) == 0
    path = suite_path("sgb2", tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("0.99", "0.5"), encoding="utf-8")
    assert build_suites.drifted(tmp_path) == ["sgb2"]
    assert build_suites.main(["--check", "--dir", str(tmp_path)]) == 1
