"""validate_delivery on hand-made frames: each test breaks one thing and checks its count."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from bildungspfade.quality import is_blocking_failure, row_count, validate_delivery
from bildungspfade.spec import DATASETS
from tests.quality.quality_frames import by_check, clean_frame, pid

IN_SET = "expect_column_values_to_be_in_set"
REGEX = "expect_column_values_to_match_regex"
NOT_NULL = "expect_column_values_to_not_be_null"
BETWEEN = "expect_column_values_to_be_between"
ROWS = "expect_table_row_count_to_be_between"
SCHEMA = "expect_table_columns_to_match_set"
UNIQUE = "expect_compound_columns_to_be_unique"
OUTCOME_KEYS = {
    "suite", "expectation", "column_name", "success", "element_count", "unexpected_count",
    "unexpected_percent", "observed_value", "mostly", "blocking",
}  # fmt: skip


def failed(outcomes):
    return [(o["expectation"], o["column_name"]) for o in outcomes if not o["success"]]


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_clean_frame_passes_every_expectation(dataset):
    frame = clean_frame(dataset)
    outcomes = validate_delivery(dataset, frame, previous_rows=len(frame))
    assert failed(outcomes) == []
    assert all(o.keys() == OUTCOME_KEYS for o in outcomes)
    assert by_check(outcomes, ROWS, None)["observed_value"] == float(len(frame))
    assert not is_blocking_failure(outcomes)


def test_five_percent_invalid_codes_fail_the_code_list(schueler):
    schueler.loc[schueler.index[:10], "geschlecht"] = "q"  # 10 of 200 rows
    outcomes = validate_delivery("schueler", schueler, previous_rows=200)
    o = by_check(outcomes, IN_SET, "geschlecht")
    assert (o["success"], o["element_count"], o["unexpected_count"]) == (False, 200, 10)
    assert o["unexpected_percent"] == pytest.approx(5.0)
    assert o["mostly"] == 0.99 and o["blocking"] is False
    assert failed(outcomes) == [(IN_SET, "geschlecht")]
    assert not is_blocking_failure(outcomes)  # a code-list failure warns


def test_one_invalid_code_in_two_hundred_is_tolerated(schueler):
    schueler.loc[schueler.index[0], "schulform"] = "99"
    o = by_check(validate_delivery("schueler", schueler, 200), IN_SET, "schulform")
    assert o["success"] and o["unexpected_count"] == 1


def test_missing_required_column_fails_the_schema_and_blocks(schueler):
    outcomes = validate_delivery("schueler", schueler.drop(columns="schulform"), 200)
    schema = by_check(outcomes, SCHEMA, None)
    assert schema["success"] is False and schema["blocking"] is True
    assert (schema["element_count"], schema["unexpected_count"]) == (16, 1)
    # The missing column's own checks cannot run: they fail without counts.
    codes = by_check(outcomes, IN_SET, "schulform")
    assert codes["success"] is False and codes["unexpected_count"] is None
    assert is_blocking_failure(outcomes)


def test_extra_and_missing_optional_columns_are_fine(schueler):
    frame = schueler.drop(columns="namen_clk").assign(unbekannt="x")
    assert failed(validate_delivery("schueler", frame, 200)) == []


def test_row_count_drop_of_half_fails_and_blocks(schueler):
    outcomes = validate_delivery("schueler", schueler, previous_rows=400)
    o = by_check(outcomes, ROWS, None)
    assert o["success"] is False and o["observed_value"] == 200.0 and o["blocking"] is True
    assert failed(outcomes) == [(ROWS, None)]
    assert is_blocking_failure(outcomes)


@pytest.mark.parametrize(
    "rows, ok",
    [(6700, True), (6699, False), (13300, True), (13301, False)],
)
def test_row_count_bounds_are_70_to_130_percent_plus_sampling_slack(rows, ok):
    # previous 10,000: floor(0.7 x 10,000 - 3 x 100) = 6,700; ceil(1.3 x 10,000 + 300) = 13,300
    assert row_count.within(rows, 10_000, "schueler") is ok
    assert row_count.within(200, None) is True


def test_small_deliveries_get_room_for_chance():
    # 30 rows a year move by more than 30 % by chance alone
    assert row_count.within(15, 30, "seu") and row_count.within(45, 30, "seu")


@pytest.mark.parametrize("rows, ok", [(1500, True), (1499, False), (4500, True), (4501, False)])
def test_directory_snapshots_never_shrink(rows, ok):
    # a snapshot holds every validity period known on its date
    assert row_count.within(rows, 1500, "raumbezug") is ok


def test_row_count_at_the_lower_bound_passes_in_gx(schueler):
    assert by_check(validate_delivery("schueler", schueler, 287), ROWS, None)["success"]


def test_empty_first_delivery_fails(schueler):
    outcomes = validate_delivery("schueler", schueler.iloc[:0], None)
    assert not by_check(outcomes, ROWS, None)["success"]


def test_duplicates_are_counted_per_row_of_each_group(schueler):
    doubled = pd.concat([schueler, schueler.iloc[:3]], ignore_index=True)  # 3 pairs
    outcomes = validate_delivery("schueler", doubled, 200)
    o = by_check(outcomes, UNIQUE, "pid,geburtsmonat,schulnr")
    assert (o["success"], o["element_count"], o["unexpected_count"]) == (False, 203, 6)


def test_same_child_in_two_kitas_is_not_a_duplicate():
    kita = clean_frame("kita")
    second = kita.iloc[:5].assign(einrichtung_nr="andere-kita")
    outcomes = validate_delivery("kita", pd.concat([kita, second], ignore_index=True), 200)
    assert by_check(outcomes, UNIQUE, "pid,geburtsmonat,einrichtung_nr")["unexpected_count"] == 0


def test_records_without_pid_are_not_duplicates(schueler):
    schueler.loc[schueler.index[:2], "pid"] = None
    schueler.loc[schueler.index[:2], ["geburtsmonat", "schulnr"]] = ["2010-01", "100000"]
    o = by_check(validate_delivery("schueler", schueler, 200), UNIQUE, "pid,geburtsmonat,schulnr")
    assert o["unexpected_count"] == 0 and o["element_count"] == 200


def test_malformed_pseudonyms_block(schueler):
    schueler.loc[schueler.index[:8], "pid"] = schueler["pid"].str.upper()  # 4 % malformed
    outcomes = validate_delivery("schueler", schueler, 200)
    o = by_check(outcomes, REGEX, "pid")
    assert (o["success"], o["unexpected_count"], o["blocking"]) == (False, 8, True)
    assert is_blocking_failure(outcomes)


def test_empty_pid_share_is_checked(schueler):
    schueler.loc[schueler.index[:4], "pid"] = None  # 2 %: still fine
    assert by_check(validate_delivery("schueler", schueler, 200), NOT_NULL, "pid")["success"]
    schueler.loc[schueler.index[:6], "pid"] = np.nan  # 3 %: too many
    o = by_check(validate_delivery("schueler", schueler, 200), NOT_NULL, "pid")
    assert (o["success"], o["unexpected_count"], o["blocking"]) == (False, 6, True)


def test_int_ranges_compare_numbers_and_count_garbage_as_empty(schueler):
    schueler.loc[schueler.index[:4], "jahrgang"] = "14"
    schueler.loc[schueler.index[4:8], "jahrgang"] = "x"
    original = schueler.copy()
    outcomes = validate_delivery("schueler", schueler, 200)
    rng = by_check(outcomes, BETWEEN, "jahrgang")
    assert (rng["success"], rng["unexpected_count"]) == (False, 4)
    assert rng["unexpected_percent"] == pytest.approx(100 * 4 / 196)  # of non-empty values
    assert by_check(outcomes, NOT_NULL, "jahrgang")["unexpected_count"] == 4
    pd.testing.assert_frame_equal(schueler, original)  # the caller's frame is not touched


def test_date_style_is_checked_per_office():
    kita = clean_frame("kita")
    kita["betreut_seit"] = "2019-08-01"  # ISO where the youth office writes TT.MM.JJJJ
    o = by_check(validate_delivery("kita", kita, 200), REGEX, "betreut_seit")
    assert (o["success"], o["unexpected_count"]) == (False, 200)


def test_results_carry_no_pseudonyms_or_values(schueler):
    schueler.loc[schueler.index[:20], "geschlecht"] = "WERT-GESCHLECHT"
    schueler.loc[schueler.index[20:30], "pid"] = "kaputtes-pseudonym"
    schueler.loc[schueler.index[30:40], "wohn_baublock"] = "WERT-BLOCK"
    doubled = pd.concat([schueler, schueler.iloc[40:50]], ignore_index=True)
    outcomes = validate_delivery("schueler", doubled, 1000)
    assert failed(outcomes)  # the failing path is the one that could leak values
    text = repr(outcomes)
    delivered = {v for v in doubled.to_numpy().ravel() if isinstance(v, str) and len(v) > 3}
    leaked = [v for v in delivered if v in text]
    assert leaked == [] and pid(0) not in text
    for o in outcomes:
        for key, value in o.items():
            if key in {"suite", "expectation", "column_name"}:
                assert value is None or isinstance(value, str)
            else:
                assert value is None or isinstance(value, bool | int | float), (key, value)


def _messy(n: int) -> pd.DataFrame:
    frame = clean_frame("schueler", n)
    frame.loc[frame.index[::37], "geschlecht"] = "q"
    frame.loc[frame.index[::53], "pid"] = None
    frame.loc[frame.index[::41], "jahrgang"] = "15"
    frame.loc[frame.index[::29], "wohn_baublock"] = "12"
    return pd.concat([frame, frame.iloc[::61]], ignore_index=True)  # duplicates across chunks


def _assert_same(whole: list[dict], chunked: list[dict]) -> None:
    assert len(whole) == len(chunked)
    for a, b in zip(whole, chunked, strict=True):
        for key, value in a.items():
            if isinstance(value, float) and not math.isnan(value):
                assert b[key] == pytest.approx(value), (a["expectation"], a["column_name"], key)
            else:
                assert b[key] == value, (a["expectation"], a["column_name"], key)


def test_chunked_validation_gives_the_same_outcomes():
    frame = _messy(1500)  # 1,525 rows in 3 chunks
    whole = validate_delivery("schueler", frame, 3000)
    chunked = validate_delivery("schueler", frame, 3000, chunk_size=600)
    _assert_same(whole, chunked)
    assert by_check(chunked, UNIQUE, "pid,geburtsmonat,schulnr")["unexpected_count"] > 0
    assert (ROWS, None) in failed(chunked)
    assert failed(whole) == failed(chunked)


def test_chunked_row_count_and_schema_add_up():
    frame = _messy(300)  # 305 rows in 2 chunks
    whole = validate_delivery("schueler", frame, None)
    _assert_same(whole, validate_delivery("schueler", frame, None, chunk_size=200))
    missing = validate_delivery("schueler", frame.drop(columns="ganztag"), 300, chunk_size=200)
    assert by_check(missing, SCHEMA, None)["unexpected_count"] == 1
    assert by_check(missing, ROWS, None)["success"]


def test_outcomes_do_not_depend_on_how_the_strings_are_stored():
    # Ingestion hands over Arrow-backed strings, tests use object columns; prepare() turns
    # both into Categoricals for speed. The counts must not notice.
    frame = _messy(400)
    frame.loc[frame.index[::43], "einschulungsjahr"] = "20x1"
    expected = validate_delivery("schueler", frame.astype(object), 800)
    for variant in (frame.astype("str"), frame.astype("category")):
        _assert_same(expected, validate_delivery("schueler", variant, 800))


def test_int_columns_parse_like_to_numeric():
    from bildungspfade.quality.prepare import prepare

    frame = clean_frame("schueler", 50)
    frame.loc[frame.index[:6], "jahrgang"] = ["7", "07", " 8", "x", None, "9.5"]
    got = prepare("schueler", frame)["jahrgang"]
    want = pd.to_numeric(frame["jahrgang"], errors="coerce").astype("float64")
    pd.testing.assert_series_equal(got, want, check_names=False)


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_runtime_suite_runs_the_committed_expectations(dataset):
    from bildungspfade.quality.store import load_suite, runtime_suite

    def essentials(suite):
        return [
            (e.configuration.type, e.configuration.kwargs, e.severity, e.meta["blocking"])
            for e in suite.expectations
        ]

    assert essentials(runtime_suite(dataset)) == essentials(load_suite(dataset))
