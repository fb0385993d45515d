"""The staging layer on hand-made deliveries: one dbt build, many assertions."""

from __future__ import annotations

from datetime import date

import pytest

from bildungspfade.spec import DATASETS
from tests.dbt.conftest import DbtBuild

# dataset -> staging model, from the delivery specification (spec.py)
STAGING_MODELS = {name: ds.staging_model for name, ds in DATASETS.items()}


def test_build_succeeds(dbt_build: DbtBuild) -> None:
    assert dbt_build.returncode == 0, dbt_build.output[-5000:]
    failed = {k: v for k, v in dbt_build.results.items() if v in ("error", "fail")}
    assert not failed
    # the one expected warning: the fixture's exact duplicate is 1 of 3 rows of its delivery
    warned = [k for k, v in dbt_build.results.items() if v == "warn"]
    assert all("share_below_stg_abgaenge" in k for k in warned), warned


def test_build_ran_seeds_models_and_unit_tests(dbt_build: DbtBuild) -> None:
    kinds = {uid.split(".")[0] for uid in dbt_build.results}
    assert {"seed", "model", "test", "unit_test"} <= kinds
    models = {uid.split(".")[-1] for uid in dbt_build.results if uid.startswith("model.")}
    assert set(STAGING_MODELS.values()) <= models


@pytest.mark.parametrize("dataset", STAGING_MODELS)
def test_staging_rows_equal_current_delivery_rows(dbt_build: DbtBuild, dataset: str) -> None:
    model = STAGING_MODELS[dataset]
    with dbt_build.connect() as con:
        staged = con.execute(f"select count(*) from staging.{model}").fetchone()[0]
        expected = con.execute(
            "select coalesce(sum(rows_loaded), 0) from audit.deliveries"
            " where dataset = ? and status = 'loaded'",
            [dataset],
        ).fetchone()[0]
    assert staged == expected > 0


def test_superseded_delivery_rows_are_excluded(dbt_build: DbtBuild) -> None:
    ids = dbt_build.delivery_ids
    with dbt_build.connect() as con:
        in_raw = con.execute(
            "select count(*) from raw.abgaenge where _delivery_id = ?",
            [ids["abgaenge_2021_l1"]],
        ).fetchone()[0]
        by_delivery = dict(
            con.execute(
                "select delivery_id, count(*) from staging.stg_abgaenge__leavers group by 1"
            ).fetchall()
        )
    assert in_raw == 2  # the earlier delivery stays on record in raw
    assert ids["abgaenge_2021_l1"] not in by_delivery
    assert by_delivery == {ids["abgaenge_2021_l2"]: 3, ids["abgaenge_2023"]: 3}


def test_old_certificate_labels_map_to_current_keys(dbt_build: DbtBuild) -> None:
    with dbt_build.connect() as con:
        rows = con.execute(
            "select certificate_code_delivered, certificate_code, certificate_level,"
            " is_without_certificate, is_certificate_label_outdated,"
            " is_certificate_label_in_period"
            " from staging.stg_abgaenge__leavers order by reference_date, row_number"
        ).fetchall()
    assert rows == [
        ("HA9", "ESA", "first", False, True, True),
        ("FOR_Q", "MSA_Q", "intermediate", False, True, True),
        ("OA", "OA", "none", True, False, True),
        ("ESA", "ESA", "first", False, False, True),
        ("ESA", "ESA", "first", False, False, True),
        ("ABITUR", "ABITUR", "hzb", False, False, True),
    ]


def test_prior_certificate_of_vocational_pupils_is_harmonised(dbt_build: DbtBuild) -> None:
    with dbt_build.connect() as con:
        rows = con.execute(
            "select programme_code, iabe_sector, prior_certificate_code_delivered,"
            " prior_certificate_code, has_training_contract"
            " from staging.stg_berufskolleg__enrolments order by row_number"
        ).fetchall()
    assert rows == [
        ("A-DUAL", "I", "HA9", "ESA", True),
        ("A-AV", "II", "OA", "OA", False),
        ("E-FS", None, None, None, False),
    ]


def test_sex_codes_are_harmonised_across_agencies(dbt_build: DbtBuild) -> None:
    with dbt_build.connect() as con:
        register = con.execute(
            "select distinct sex_code, sex from staging.stg_bevoelkerung__residents"
            " union select distinct sex_code, sex from staging.stg_kita__children"
        ).fetchall()
        school = con.execute(
            "select distinct sex_code, sex from staging.stg_schueler__enrolments"
        ).fetchall()
    assert set(register) == {
        ("1", "male"),
        ("2", "female"),
        ("3", "diverse"),
        ("7", "not_stated"),
    }
    assert set(school) == {
        ("m", "male"),
        ("w", "female"),
        ("d", "diverse"),
        ("x", "not_stated"),
    }


def test_dates_are_typed(dbt_build: DbtBuild) -> None:
    with dbt_build.connect() as con:
        types = dict(
            con.execute(
                "select column_name, data_type from information_schema.columns"
                " where table_schema = 'staging' and table_name = 'stg_kita__children'"
            ).fetchall()
        )
        starts = con.execute(
            "select care_start_date from staging.stg_kita__children order by row_number"
        ).fetchall()
    assert types["care_start_date"] == "DATE"
    assert types["birth_month"] == "DATE"
    assert types["reference_date"] == "DATE"
    assert types["contracted_hours_per_week"] == "INTEGER"
    assert starts == [(date(2021, 8, 1),), (date(2021, 11, 1),)]


def test_exact_duplicates_are_kept_and_flagged(dbt_build: DbtBuild) -> None:
    with dbt_build.connect() as con:
        rows = con.execute(
            "select row_number, duplicate_ordinal, is_exact_duplicate"
            " from staging.stg_abgaenge__leavers where delivery_id = ? order by row_number",
            [dbt_build.delivery_ids["abgaenge_2023"]],
        ).fetchall()
    assert rows == [(1, 1, False), (2, 2, True), (3, 1, False)]


def test_codes_resolve_through_crosswalks(dbt_build: DbtBuild) -> None:
    with dbt_build.connect() as con:
        pupils = con.execute(
            "select school_type, school_entry_kind, special_needs_area,"
            " transition_recommendation, is_family_language_german"
            " from staging.stg_schueler__enrolments order by row_number"
        ).fetchall()
        seu = con.execute("select recommendation from staging.stg_seu__examinations").fetchall()
    assert pupils == [
        ("gymnasium", "on_time", None, "gymnasium", True),
        ("foerderschule", "after_deferral", "learning", None, False),
        ("grundschule", "early", None, None, True),
        ("grundschule", "on_time", None, None, False),
    ]
    assert seu == [("defer",)]


def test_directory_snapshots_mark_the_latest(dbt_build: DbtBuild) -> None:
    with dbt_build.connect() as con:
        rows = con.execute(
            "select reference_date, count(*), bool_and(is_latest_snapshot)"
            " from staging.stg_raumbezug__blocks group by 1 order by 1"
        ).fetchall()
    assert rows == [(date(2015, 1, 1), 2, False), (date(2020, 1, 1), 3, True)]


def test_provenance_traces_every_row(dbt_build: DbtBuild) -> None:
    with dbt_build.connect() as con:
        for model in STAGING_MODELS.values():
            missing = con.execute(
                f"select count(*) from staging.{model} s"
                " where s.source_file is null or s.row_number is null"
                " or s.record_key <> s.delivery_id || ':' || s.row_number"
            ).fetchone()[0]
            assert missing == 0, model


def test_deliveries_reconcile_with_duplicates_counted(dbt_build: DbtBuild) -> None:
    with dbt_build.connect() as con:
        rows = con.execute(
            "select dataset, rows_in, rows_loaded, rows_quarantined, rows_staged,"
            " rows_exact_duplicate, rows_distinct"
            " from intermediate.int_deliveries_reconciled"
            " where dataset in ('abgaenge', 'kita') order by dataset, reference_date"
        ).fetchall()
    assert rows == [
        ("abgaenge", 3, 3, 0, 3, 0, 3),
        ("abgaenge", 3, 3, 0, 3, 1, 2),
        ("kita", 3, 2, 1, 2, 0, 2),
    ]
