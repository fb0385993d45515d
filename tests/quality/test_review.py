"""The verdict behind the blocking check `delivery_accepted`, on hand-written audit rows."""

from __future__ import annotations

import duckdb
import pytest

from bildungspfade.ingest import ensure_schema
from bildungspfade.quality.review import review_deliveries


def _delivery(con, delivery_id, stichtag, lieferung, status, reason=None, seen="2024-01-01"):
    con.execute(
        "insert into audit.deliveries (delivery_id, dataset, stichtag, lieferung, source_file, "
        "sha256, file_bytes, encoding, status, reason, rows_in, rows_loaded, rows_quarantined, "
        "rows_rejected, seen_at) values (?, 'schueler', ?, ?, ?, ?, 10, 'utf-8', ?, ?, 0, 0, 0, "
        "0, ?)",
        [
            delivery_id,
            stichtag,
            lieferung,
            f"schueler/{delivery_id}.csv",
            delivery_id * 32,
            status,
            reason,
            seen,
        ],
    )


def _result(con, delivery_id, expectation, column, success, blocking):
    con.execute(
        "insert into audit.expectation_results (delivery_id, dataset, suite, expectation, "
        "column_name, success, blocking, checked_at) "
        "values (?, 'schueler', 'schueler', ?, ?, ?, ?, now())",
        [delivery_id, expectation, column, success, blocking],
    )


@pytest.fixture
def con():
    c = duckdb.connect()
    ensure_schema(c)
    yield c
    c.close()


def test_nothing_ingested_passes_with_nothing_reviewed():
    review = review_deliveries(duckdb.connect(), "schueler", None)
    assert review.passed and review.metadata == {"deliveries_reviewed": 0}


def test_newest_delivery_of_each_stichtag_is_judged(con):
    # 2019: the correction L2 was accepted, the rejected L1 before it no longer counts
    _delivery(con, "a1", "2019-10-15", 1, "superseded")
    _delivery(con, "a0", "2019-10-15", 1, "rejected", "bad note", seen="2023-12-01")
    _delivery(con, "a2", "2019-10-15", 2, "loaded")
    # 2020: loaded, but a blocking expectation failed; a non-blocking one failed too
    _delivery(con, "b1", "2020-10-15", 1, "loaded")
    _result(con, "b1", "expect_column_values_to_be_in_set", "schulform", False, True)
    _result(con, "b1", "expect_table_row_count_to_be_between", None, False, False)
    # 2021: rejected; its byte-identical duplicate is not under review
    _delivery(con, "c1", "2021-10-15", 1, "rejected", "header: column pid missing")
    _delivery(con, "c2", "2021-10-15", 2, "duplicate")

    review = review_deliveries(con, "schueler", None)

    assert not review.passed
    assert review.metadata == {
        "deliveries_reviewed": 3,
        "deliveries_rejected": 1,
        "blocking_expectations_failed": 1,
    }
    assert review.description == (
        "schueler 2021-10-15 schueler/c1.csv: rejected: header: column pid missing; "
        "schueler 2020-10-15 schueler/b1.csv: blocking expectation(s) failed: "
        "expect_column_values_to_be_in_set(schulform)"
    )
    only_2019 = review_deliveries(con, "schueler", ["2019-10-15"])
    assert only_2019.passed and only_2019.description is None
    assert only_2019.metadata["deliveries_reviewed"] == 1
