"""Reading the plausibility warnings: with counts from the restricted warehouse for the run
summary, without from the published copy; none before a first build."""

from __future__ import annotations

import duckdb
import pytest

from bildungspfade.publish.plausibility import (
    published_warnings,
    restricted_warnings,
    summary_lines,
)

MESSAGE = "Alle Zeilen mit bildungsgang = C-FOS in berufskolleg, Stichtag 15.10.2020, ausgesondert"


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute("create schema marts; create schema published")
    con.execute(
        "create table marts.rpt_plausibility_warnings as select "
        "'quarantine_code:berufskolleg::2020-10-15:bildungsgang = C-FOS' as warning_key, "
        "'quarantine_code' as check_name, 'berufskolleg' as dataset, "
        "null::varchar as indicator_code, date '2020-10-15' as reference_date, 2020 as year, "
        "'bildungsgang = C-FOS' as subject, 100.0::double as observed_value, "
        f"5.0::double as threshold, 180::bigint as rows_affected, '{MESSAGE}' as message_de"
    )
    con.execute(
        "create table published.pub_plausibility_warnings as select check_name, "
        "'Kategorie vollständig ausgesondert' as check_label, dataset, indicator_code, "
        "reference_date, year, subject, observed_value, threshold, message_de "
        "from marts.rpt_plausibility_warnings"
    )
    yield con
    con.close()


def test_the_run_summary_carries_counts(con):
    warnings = restricted_warnings(con)
    assert [w.rows_affected for w in warnings] == [180]
    lines = summary_lines(warnings)
    assert lines[0].startswith("Plausibilität: 1 Warnung(en) / 1 plausibility warning(s)")
    assert lines[1] == f"  quarantine_code: {MESSAGE} [180 Zeilen]"


def test_the_published_warnings_carry_no_count(con):
    warnings = published_warnings(con)
    assert [w.rows_affected for w in warnings] == [None]
    assert "180" not in " ".join(summary_lines(warnings))


def test_no_table_no_warning():
    con = duckdb.connect()
    assert restricted_warnings(con) == []
    assert published_warnings(con) == []
    assert summary_lines([]) == ["Plausibilität: keine Warnung / plausibility: no warning"]
