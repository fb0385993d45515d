"""A process killed with SIGKILL in the middle of a load leaves no partial delivery behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import duckdb

from bildungspfade.ingest import ensure_schema, ingest_file
from tests.ingest.ingest_helpers import count, many_rows_csv, name_of, place, rows, write_csv

# More rows than one DuckDB row group (122,880), so that the load writes data blocks to the
# database file before it commits: the uncommitted blocks must stay invisible after the kill.
BIG = 130_000

# The child loads a small delivery (committed), then the big one; its validator runs inside
# the big one's transaction after the raw and quarantine inserts, signals, and waits to die.
CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import duckdb
    from bildungspfade.ingest import discover, ingest_file

    warehouse, landing, ready = sys.argv[1:]
    small, big = sorted(discover(Path(landing)), key=lambda f: f.path.stat().st_size)

    def stall(dataset, frame, previous_rows):
        Path(ready).write_text(str(len(frame)))
        time.sleep(120)
        return []

    con = duckdb.connect(warehouse)
    ingest_file(con, Path(landing), small)
    ingest_file(con, Path(landing), big, validator=stall)
    """
)


def test_sigkill_halfway_leaves_no_partial_delivery_and_the_rerun_completes(tmp_path, landing):
    warehouse = tmp_path / "warehouse.duckdb"
    ready = tmp_path / "ready"
    small = write_csv(landing, "schueler", rows("schueler", 3))
    data = many_rows_csv("schueler", BIG, broken={7: {"jahrgang": "14"}})  # one to quarantine
    big = place(landing, "schueler", name_of("schueler", lieferung=2), data)

    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(warehouse), str(landing), str(ready)]
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert child.poll() is None, "child ended before it reached the hook"
            assert time.monotonic() < deadline, "child never reached the hook"
            time.sleep(0.05)
        assert ready.read_text() == str(BIG)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    con = duckdb.connect(str(warehouse))
    ensure_schema(con)
    # the committed small delivery survived the kill; nothing of the big one is visible
    assert con.execute("select source_file, status from audit.deliveries").fetchall() == [
        ("schueler/schueler_2019-10-15.csv", "loaded")
    ]
    assert count(con, "select count(*) from raw.schueler") == 3
    assert count(con, "select count(*) from audit.quarantine") == 0
    assert count(con, "select count(*) from audit.expectation_results") == 0

    result = ingest_file(con, landing, big)

    assert (result.status, result.rows_in, result.rows_loaded, result.rows_quarantined) == (
        "loaded",
        BIG,
        BIG - 1,
        1,
    )
    assert count(con, "select count(*) from raw.schueler") == 3 + BIG - 1
    assert count(con, "select count(*) from audit.quarantine") == 1
    assert con.execute(
        "select lieferung from audit.current_deliveries where dataset = 'schueler'"
    ).fetchall() == [(2,)]
    assert ingest_file(con, landing, small).changed is False
    con.close()
