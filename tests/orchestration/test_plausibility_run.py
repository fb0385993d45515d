"""Plausibility warnings end to end (issue 14): a rule that quarantines every row of one code
value warns, and never stops publishing. `bildungspfade run` over the small landing folder in
which the Berufskolleg of 2020 delivers its Fachoberschule (C-FOS) pupils with a jahrgang the
rules refuse (14): the run publishes and exits 0 (nothing is awaited), prints the warnings with
their counts, Dagster reports the warn-severity checks on marts/rpt_plausibility_warnings,
and the published copy carries the warnings without counts.
"""

from __future__ import annotations

import contextlib
import io
import os

import duckdb
import pytest

from bildungspfade import cli
from bildungspfade.commands.run import EXIT_OK
from tests.orchestration.landing_fixture import (
    build_landing,
    pid,
    rows_for,
    stichtag,
    write_delivery,
)

LOST_ROWS = 5  # bp:plausibility:min_rows: the least that warns


def _berufskolleg_rows(year: int, fos_jahrgang: str) -> list[dict[str, str]]:
    """The fixture's A-DUAL rows plus LOST_ROWS Fachoberschule pupils, in equal numbers each
    year so that the blocking row-count expectation (0.7-1.3x the previous delivery) holds."""
    base = rows_for("berufskolleg", year)
    dual = [*base, *({**base[i], "pid": pid(200 + i)} for i in range(LOST_ROWS - len(base)))]
    fos = [
        {**base[0], "pid": pid(100 + i), "bildungsgang": "C-FOS", "jahrgang": fos_jahrgang}
        for i in range(LOST_ROWS)
    ]
    return dual + fos


@pytest.fixture(scope="module")
def plausibility_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("plausibility")
    landing, warehouse = root / "landing", root / "warehouse.duckdb"
    build_landing(landing)
    for year, jahrgang in ((2019, "11"), (2020, "14")):
        rows = _berufskolleg_rows(year, jahrgang)
        write_delivery(landing, "berufskolleg", stichtag("berufskolleg", year), rows)
    saved = dict(os.environ)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            code = cli.main(["run", "--landing", str(landing), "--warehouse", str(warehouse)])
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return code, warehouse, out.getvalue()


def test_warnings_do_not_stop_publishing(plausibility_run):
    code, warehouse, out = plausibility_run
    assert code == EXIT_OK, out[-3000:]
    assert (warehouse.parent / "published" / warehouse.name).is_file()


def test_the_run_summary_prints_the_warnings_with_counts(plausibility_run):
    _, _, out = plausibility_run
    assert "Plausibilität: 2 Warnung(en)" in out
    assert "quarantine_code: Alle Zeilen mit bildungsgang = C-FOS in berufskolleg" in out
    assert f"[{LOST_ROWS} Zeilen]" in out


def test_dagster_reports_the_warn_checks(plausibility_run):
    """The warn-severity dbt tests are asset checks of marts/rpt_plausibility_warnings: the
    run names the two that fail as warnings, not failures."""
    _, _, out = plausibility_run
    warned = [
        line
        for line in out.splitlines()
        if line.strip().startswith("warning: dbt test expression_is_true_rpt_plausibility")
    ]
    assert len(warned) == 2, out[-3000:]
    assert all(line.endswith("on marts/rpt_plausibility_warnings") for line in warned)


def test_the_warnings_keep_their_counts_in_the_warehouse(plausibility_run):
    from bildungspfade.publish.plausibility import restricted_warnings

    _, warehouse, _ = plausibility_run
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        warnings = restricted_warnings(con)
    finally:
        con.close()
    by_check = {w.check_name: w for w in warnings}
    assert set(by_check) == {"quarantine_share", "quarantine_code"}, warnings
    lost = by_check["quarantine_code"]
    assert (lost.dataset, lost.year, lost.subject) == ("berufskolleg", 2020, "bildungsgang = C-FOS")
    assert lost.rows_affected == LOST_ROWS
    assert by_check["quarantine_share"].observed_value == 50.0  # 5 of 10 rows


def test_the_published_copy_carries_the_warnings_without_counts(plausibility_run):
    _, warehouse, _ = plausibility_run
    con = duckdb.connect(str(warehouse.parent / "published" / warehouse.name), read_only=True)
    try:
        cur = con.execute("select * from published.pub_plausibility_warnings order by check_name")
        names = [d[0] for d in cur.description]
        rows = cur.fetchall()
    finally:
        con.close()
    assert "rows_affected" not in names
    assert [row[0] for row in rows] == ["quarantine_code", "quarantine_share"]
    messages = " ".join(row[names.index("message_de")] for row in rows)
    assert "Alle Zeilen mit bildungsgang = C-FOS in berufskolleg" in messages
    assert str(LOST_ROWS) + " " not in messages  # no count of rows in a published message
